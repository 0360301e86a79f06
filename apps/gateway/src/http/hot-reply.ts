import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './reply';
import { requestIdHeaders } from './request-id';

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

/**
 * A Reply written straight to node:http: headers gathered in one object and sent with the
 * body in a single write, with its content-length.
 */
export class HotReply implements Reply {
  private code = 200;
  private readonly fields: Record<string, string>;
  private done = false;
  /** `id` is the gateway's own; `callerId` the caller's well-formed `x-request-id`, echoed back, never used for metering. */
  readonly request: { id: string; url: string; callerId?: string };

  constructor(
    req: IncomingMessage,
    readonly raw: ServerResponse,
    id: string,
    callerId?: string,
  ) {
    this.request = { id, url: req.url ?? '/', callerId };
    this.fields = requestIdHeaders(id, callerId);
  }

  get sent(): boolean {
    return this.done || this.raw.headersSent;
  }

  status(code: number): this {
    this.code = code;
    return this;
  }

  header(name: string, value: string): this {
    this.fields[name.toLowerCase()] = value;
    return this;
  }

  headers(values: Record<string, string>): this {
    for (const name in values) this.fields[name.toLowerCase()] = values[name];
    return this;
  }

  type(contentType: string): this {
    this.fields['content-type'] = contentType;
    return this;
  }

  getHeaders(): Record<string, string> {
    return this.fields;
  }

  send(payload: unknown): void {
    if (this.sent) return;
    this.done = true;
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const type = this.fields['content-type'] ?? (typeof payload === 'string' ? TEXT_TYPE : JSON_TYPE);
    this.fields['content-type'] = type === 'application/json' ? JSON_TYPE : type;
    this.fields['content-length'] = String(Buffer.byteLength(text));
    this.raw.writeHead(this.code, this.fields).end(text);
  }

  hijack(): void {
    this.done = true;
  }
}
