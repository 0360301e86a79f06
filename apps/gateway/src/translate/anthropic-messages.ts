/** Anthropic `system` + `messages` → OpenAI chat messages. */
import { isRecord, isTextBlock, isToolUseBlock } from './mapping';
import type { OpenAiContentPart, OpenAiMessage, OpenAiToolCall } from './openai-types';
import { TranslateError } from './translate-error';

/** Blocks that only make sense to Anthropic (reasoning, server-side tools) and are dropped from the history. */
const DROPPED = new Set([
  'thinking',
  'redacted_thinking',
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'container_upload',
]);

export function convertAnthropicMessages(system: unknown, messages: unknown): OpenAiMessage[] {
  const out: OpenAiMessage[] = [];
  const sys = joinedText(system, 'system');
  if (sys) out.push({ role: 'system', content: sys });
  if (!Array.isArray(messages)) throw new TranslateError('messages: Input should be a valid list', 'messages');
  messages.forEach((m: unknown, i) => {
    const at = `messages.${i}`;
    if (!isRecord(m)) throw new TranslateError(`${at}: Input should be a valid dictionary`, at);
    if (m.role === 'user') out.push(...userMessages(m.content, at));
    else if (m.role === 'assistant') out.push(assistantMessage(m.content, at));
    else if (m.role === 'system') {
      const text = joinedText(m.content, `${at}.content`);
      if (text) out.push({ role: 'system', content: text });
    } else throw new TranslateError(`${at}.role: Input should be 'user' or 'assistant'`, `${at}.role`);
  });
  return out;
}

/** A string, or text blocks joined by blank lines (system prompts, tool results). */
function joinedText(content: unknown, at: string, sep = '\n\n'): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw new TranslateError(`${at}: Input should be a valid string or list of text blocks`, at);
  return content
    .map((b: unknown, j) => {
      if (!isTextBlock(b)) throw new TranslateError(`${at}.${j}: only text blocks are allowed here`, `${at}.${j}`);
      return b.text;
    })
    .join(sep);
}

/** Tool results become `tool` messages (first, as OpenAI requires after the assistant's calls); the rest one user message. */
function userMessages(content: unknown, at: string): OpenAiMessage[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  if (!Array.isArray(content)) throw new TranslateError(`${at}.content: Input should be a valid string or list`, `${at}.content`);
  const tools: OpenAiMessage[] = [];
  const parts: OpenAiContentPart[] = [];
  content.forEach((block: unknown, j) => {
    const where = `${at}.content.${j}`;
    if (!isRecord(block)) throw new TranslateError(`${where}: Input should be a valid dictionary`, where);
    if (block.type === 'tool_result') tools.push(toolMessage(block, where, parts));
    else if (!DROPPED.has(String(block.type))) parts.push(contentPart(block, where));
  });
  if (parts.length === 0) return tools;
  const only = parts[0];
  const user: OpenAiMessage = { role: 'user', content: parts.length === 1 && only.type === 'text' ? only.text : parts };
  return [...tools, user];
}

function toolMessage(block: Record<string, unknown>, at: string, images: OpenAiContentPart[]): OpenAiMessage {
  if (typeof block.tool_use_id !== 'string') throw new TranslateError(`${at}.tool_use_id: Field required`, `${at}.tool_use_id`);
  let text: string;
  if (Array.isArray(block.content)) {
    const texts: string[] = [];
    block.content.forEach((b: unknown, k) => {
      if (isTextBlock(b)) texts.push(b.text);
      else if (isRecord(b)) images.push(contentPart(b, `${at}.content.${k}`)); // images travel in the following user message
    });
    text = texts.join('\n');
  } else text = joinedText(block.content, `${at}.content`);
  if (block.is_error === true) text = text ? `Error: ${text}` : 'Error';
  return { role: 'tool', tool_call_id: block.tool_use_id, content: text };
}

function contentPart(block: Record<string, unknown>, at: string): OpenAiContentPart {
  if (isTextBlock(block)) return { type: 'text', text: block.text };
  const src = block.source;
  if (block.type === 'image' && isRecord(src)) {
    if (src.type === 'base64' && typeof src.media_type === 'string' && typeof src.data === 'string') {
      return { type: 'image_url', image_url: { url: `data:${src.media_type};base64,${src.data}` } };
    }
    if (src.type === 'url' && typeof src.url === 'string') return { type: 'image_url', image_url: { url: src.url } };
  }
  if (block.type === 'document' && isRecord(src) && typeof src.data === 'string') {
    if (src.type === 'text') return { type: 'text', text: src.data };
    if (src.type === 'base64' && src.media_type === 'application/pdf') {
      const filename = typeof block.title === 'string' && block.title ? block.title : 'document.pdf';
      return { type: 'file', file: { file_data: `data:application/pdf;base64,${src.data}`, filename } };
    }
  }
  throw new TranslateError(`${at}: content blocks of type '${String(block.type)}' with this source cannot be sent to this model`, at);
}

function assistantMessage(content: unknown, at: string): OpenAiMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  if (!Array.isArray(content)) throw new TranslateError(`${at}.content: Input should be a valid string or list`, `${at}.content`);
  let text = '';
  const calls: OpenAiToolCall[] = [];
  content.forEach((block: unknown, j) => {
    if (isTextBlock(block)) text += block.text;
    else if (isToolUseBlock(block)) {
      calls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    } else if (!isRecord(block) || !DROPPED.has(String(block.type))) {
      throw new TranslateError(`${at}.content.${j}: assistant content blocks of this type cannot be sent to this model`, `${at}.content.${j}`);
    }
  });
  const message: OpenAiMessage = { role: 'assistant', content: text || calls.length === 0 ? text : null };
  if (calls.length > 0) message.tool_calls = calls;
  return message;
}
