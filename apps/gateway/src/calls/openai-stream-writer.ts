import type { Reply } from '../http/reply';
import type { GatewayError } from '../errors/gateway.error';
import { toOpenAiError } from '../errors/error-body';
import type { StreamWriter } from '../upstream/stream-relay';

/** Writes OpenAI's SSE format: `data: <chunk>` per event, `data: [DONE]` at the end. */
export class OpenAiStreamWriter implements StreamWriter {
  constructor(private readonly reply: Reply) {}

  open(): void {
    openEventStream(this.reply);
  }

  chunk(data: string): void | Promise<void> {
    return write(this.reply, `data: ${data}\n\n`);
  }

  done(): void {
    void write(this.reply, 'data: [DONE]\n\n');
  }

  cut(error: GatewayError): void {
    void write(this.reply, `data: ${JSON.stringify(toOpenAiError(error).body)}\n\n`);
  }

  end(): void {
    if (!this.reply.raw.destroyed) this.reply.raw.end();
  }
}

/**
 * Writes an event as soon as it is ready. What is written while handling one read of the
 * upstream socket (its events, and the end of the response if it came with them) leaves in one
 * socket write: the relay handles a read in one turn (upstream/sse-source.ts) and Node's HTTP
 * response corks its socket until the end of that turn, so no event ever waits for a later one.
 * A promise only when the socket buffer is full: it settles once it drained (or the client went).
 */
export function write(reply: Reply, text: string): void | Promise<void> {
  const out = reply.raw;
  if (out.destroyed || out.write(text)) return;
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.once('drain', done);
    out.once('close', done);
  });
}

/** Takes the response over from Fastify and writes an SSE head with the headers set so far. */
export function openEventStream(reply: Reply): void {
  reply.hijack();
  reply.raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
}
