import type { ChatMessage, ChatRequest } from './types';

const MAX_ECHO_CHARS = 80;

/** Plain text of one message: a string, or the text parts of a content array. */
export function messageText(message: ChatMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) if (part && typeof part.text === 'string') text += part.text;
  return text;
}

/** Deterministic prompt token count: ~1 token per 4 characters of message text, at least 1. */
export function countPromptTokens(messages: ChatMessage[]): number {
  let chars = 0;
  for (const m of messages) if (m) chars += messageText(m).length;
  return Math.max(1, Math.ceil(chars / 4));
}

export function lastMessage(messages: ChatMessage[]): ChatMessage | undefined {
  return messages.length > 0 ? messages[messages.length - 1] : undefined;
}

function lastUserText(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && m.role === 'user') return messageText(m);
  }
  return '';
}

/** Collapses whitespace and truncates what the reply echoes back. */
function echo(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_ECHO_CHARS ? flat.slice(0, MAX_ECHO_CHARS) : flat;
}

/**
 * The reply split into stream pieces: one piece per word, later pieces carry their leading space.
 * The completion token count equals the number of pieces. `maxTokens` truncates (finish_reason "length").
 */
export function replyPieces(messages: ChatMessage[], maxTokens: number | undefined): { pieces: string[]; truncated: boolean } {
  const said = echo(lastUserText(messages));
  const text = said ? `Hello from mock-upstream! You said: ${said}` : 'Hello from mock-upstream!';
  const words = text.split(' ');
  const pieces: string[] = new Array(words.length);
  pieces[0] = words[0] ?? '';
  for (let i = 1; i < words.length; i++) pieces[i] = ' ' + words[i];
  if (maxTokens !== undefined && maxTokens > 0 && maxTokens < pieces.length) {
    pieces.length = maxTokens;
    return { pieces, truncated: true };
  }
  return { pieces, truncated: false };
}

export interface PlannedToolCall {
  id: string;
  name: string;
  /** The JSON arguments split into stream fragments; their count is the completion token count. */
  argumentPieces: string[];
}

/**
 * A tool call is answered when the request offers `tools` and the last message is not a tool result and either
 * `tool_choice` names a function / is "required", or the last message contains "use tool".
 */
export function planToolCall(body: ChatRequest, id: number): PlannedToolCall | undefined {
  const tools = body.tools;
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const last = lastMessage(body.messages);
  if (!last || last.role === 'tool') return undefined;
  const choice = body.tool_choice;
  let name: string | undefined;
  if (choice && typeof choice === 'object') name = choice.function?.name;
  else if (choice !== 'required' && !/use tool/i.test(messageText(last))) return undefined;
  if (choice === 'none') return undefined;
  name ??= tools[0]?.function?.name ?? 'tool';
  const args = JSON.stringify({ input: echo(lastUserText(body.messages)) });
  const third = Math.ceil(args.length / 3);
  const argumentPieces = [args.slice(0, third), args.slice(third, 2 * third), args.slice(2 * third)].filter((p) => p.length > 0);
  return { id: `call_mock${id.toString(36).padStart(6, '0')}`, name, argumentPieces };
}

/** `max_completion_tokens` wins over the deprecated `max_tokens`. */
export function maxTokensOf(body: ChatRequest): number | undefined {
  const m = body.max_completion_tokens ?? body.max_tokens;
  return typeof m === 'number' && Number.isFinite(m) ? m : undefined;
}
