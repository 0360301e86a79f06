/** SSE framing for the translated streams. Splitting and `data:` extraction come from the proxy's own helpers. */
import { dataOf, SseSplitter } from '../proxy/sse';
import type { AnthropicSseEvent } from './anthropic-types';

export { dataOf, SseSplitter };

/** OpenAI's end-of-stream sentinel. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** `data: {...}\n\n` — OpenAI's framing (chunks and mid-stream error objects). */
export function encodeData(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** `event: X\ndata: {...}\n\n` — Anthropic's framing. */
export function encodeEvent(e: AnthropicSseEvent): string {
  return `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/** The `event:` name of one raw event, or null. */
export function eventNameOf(event: string): string | null {
  for (const line of event.split(/\r?\n/)) if (line.startsWith('event:')) return line.slice(line[6] === ' ' ? 7 : 6).trim();
  return null;
}

export type ParsedEvent = { kind: 'json'; value: unknown; event: string | null } | { kind: 'done' } | { kind: 'skip' };

/** One raw SSE event (as {@link SseSplitter} yields it) → its parsed JSON payload, `[DONE]`, or nothing usable. */
export function parseEvent(raw: string): ParsedEvent {
  const data = dataOf(raw);
  if (data === null) return { kind: 'skip' };
  if (data.trim() === '[DONE]') return { kind: 'done' };
  try {
    return { kind: 'json', value: JSON.parse(data) as unknown, event: eventNameOf(raw) };
  } catch {
    return { kind: 'skip' };
  }
}
