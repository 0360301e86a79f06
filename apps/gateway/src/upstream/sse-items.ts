import type { Readable } from 'node:stream';
import { dataOf, SseSplitter } from '../translate/sse';

/** The data payloads of an SSE byte stream, one per event, as each event completes. */
export async function* sseData(body: Readable): AsyncGenerator<{ event: string | null; data: string }> {
  const splitter = new SseSplitter();
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    for (const raw of splitter.push(decoder.decode(chunk as Buffer, { stream: true }))) {
      const data = dataOf(raw);
      if (data !== null) yield { event: eventOf(raw), data };
    }
  }
  const rest = splitter.rest();
  const data = rest ? dataOf(rest) : null;
  if (data !== null) yield { event: eventOf(rest), data };
}

function eventOf(raw: string): string | null {
  if (!raw.startsWith('event:') && !raw.includes('\nevent:')) return null;
  const line = raw.split(/\r?\n/).find((l) => l.startsWith('event:'));
  return line ? line.slice(6).trim() : null;
}
