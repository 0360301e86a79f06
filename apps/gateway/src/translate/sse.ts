/** Server-sent events: splitting a byte stream into events, reading `data:`, and the framing of the translated streams. */
import type { AnthropicSseEvent } from './anthropic-types';

/** Splits a byte stream of server-sent events into whole events as they complete. */
export class SseSplitter {
  private buffer = '';

  push(chunk: string): string[] {
    this.buffer += chunk;
    const events: string[] = [];
    let idx: number;
    while ((idx = this.nextBoundary()) !== -1) {
      const end = this.buffer.startsWith('\r\n\r\n', idx) ? idx + 4 : idx + 2;
      events.push(this.buffer.slice(0, idx));
      this.buffer = this.buffer.slice(end);
    }
    return events;
  }

  /** Whatever is left when the stream ends without a final blank line. */
  rest(): string {
    const rest = this.buffer;
    this.buffer = '';
    return rest.trim();
  }

  private nextBoundary(): number {
    const lf = this.buffer.indexOf('\n\n');
    const crlf = this.buffer.indexOf('\r\n\r\n');
    if (lf === -1) return crlf;
    if (crlf === -1) return lf;
    return Math.min(lf, crlf);
  }
}

/** The data payload of one event (multi-line data joined with newlines), or null. */
export function dataOf(event: string): string | null {
  if (!event.includes('\n')) return event.startsWith('data:') ? event.slice(event[5] === ' ' ? 6 : 5) : null; // the usual one-line event
  let data: string | null = null;
  for (const line of event.split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue;
    const value = line.slice(line[5] === ' ' ? 6 : 5);
    data = data === null ? value : `${data}\n${value}`;
  }
  return data;
}

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
