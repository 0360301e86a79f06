import { countPromptTokens, lastMessage, messageText, replyPieces } from './content';
import type { Switch } from './switches';
import type { AnthropicRequest, ChatMessage } from './types';

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';

export interface AnthropicPlan {
  id: string;
  /** Uncached prompt tokens (Anthropic's `input_tokens` excludes cache reads). */
  inputTokens: number;
  cacheReadTokens: number;
  /** Text pieces (one per word); for a tool call, a short lead-in. */
  text: string[];
  tool: { id: string; name: string; argumentPieces: string[] } | undefined;
  stopReason: AnthropicStopReason;
  stopSequence: string | null;
  outputTokens: number;
}

/** The user turn that answers tool calls (`tool_result` blocks): the mock then replies with text. */
function isToolResultTurn(m: ChatMessage): boolean {
  return Array.isArray(m.content) && m.content.some((b) => b && b.type === 'tool_result');
}

/**
 * A tool is called when the request offers `tools`, the last message is a user turn that is not a tool result,
 * `tool_choice` is not `none`, and either `tool_choice` is `any` / names a tool or the last message says "use tool".
 */
function toolName(body: AnthropicRequest): string | undefined {
  const tools = body.tools;
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const last = lastMessage(body.messages);
  if (!last || last.role !== 'user' || isToolResultTurn(last)) return undefined;
  const choice = body.tool_choice;
  if (choice?.type === 'none') return undefined;
  if (choice?.type === 'tool' && typeof choice.name === 'string') return choice.name;
  if (choice?.type !== 'any' && !/use tool/i.test(messageText(last))) return undefined;
  return tools[0]?.name ?? 'tool';
}

/** Cuts the reply before the earliest stop sequence it contains. */
function applyStops(pieces: string[], stops: unknown): { pieces: string[]; hit: string | null } {
  if (!Array.isArray(stops)) return { pieces, hit: null };
  const text = pieces.join('');
  let at = -1;
  let hit: string | null = null;
  for (const s of stops) {
    const i = typeof s === 'string' && s ? text.indexOf(s) : -1;
    if (i !== -1 && (at === -1 || i < at)) [at, hit] = [i, s as string];
  }
  if (hit === null) return { pieces, hit };
  const out: string[] = [];
  let len = 0;
  for (const p of pieces) {
    if (len + p.length > at) {
      if (at > len) out.push(p.slice(0, at - len));
      break;
    }
    out.push(p);
    len += p.length;
  }
  return { pieces: out, hit };
}

function promptTokens(body: AnthropicRequest): number {
  const system: ChatMessage[] = body.system ? [{ role: 'system', content: body.system }] : [];
  return countPromptTokens([...system, ...body.messages]);
}

function splitWords(text: string): string[] {
  return text.split(' ').map((w, i) => (i === 0 ? w : ' ' + w));
}

export function planAnthropic(body: AnthropicRequest, sw: Switch, n: number): AnthropicPlan {
  const prompt = promptTokens(body);
  const cached = sw.behaviour === 'cached' ? Math.max(1, Math.floor(prompt / 2)) : 0;
  const suffix = n.toString(36).padStart(8, '0');
  const base = { id: `msg_mock${suffix}`, inputTokens: prompt - cached, cacheReadTokens: cached };
  const name = toolName(body);
  if (name) {
    const args = JSON.stringify({
      input: messageText(lastMessage(body.messages) ?? { role: 'user' })
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 80),
    });
    const third = Math.ceil(args.length / 3);
    const argumentPieces = [args.slice(0, third), args.slice(third, 2 * third), args.slice(2 * third)].filter((p) => p.length > 0);
    const text = splitWords(`Let me use ${name}.`);
    const tool = { id: `toolu_mock${suffix}`, name, argumentPieces };
    return { ...base, text, tool, stopReason: 'tool_use', stopSequence: null, outputTokens: text.length + argumentPieces.length };
  }
  const reply = replyPieces(body.messages, body.max_tokens);
  const stopped = applyStops(reply.pieces, body.stop_sequences);
  const stopReason: AnthropicStopReason = stopped.hit !== null ? 'stop_sequence' : reply.truncated ? 'max_tokens' : 'end_turn';
  return { ...base, text: stopped.pieces, tool: undefined, stopReason, stopSequence: stopped.hit, outputTokens: stopped.pieces.length };
}
