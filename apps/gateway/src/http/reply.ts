import type { ServerResponse } from 'node:http';

/**
 * What the proxy services need of a response: the part of Fastify's reply they use, so that
 * the hot routes (answered on node:http directly, see http/hot-server.ts) and the Nest
 * controllers (a FastifyReply) share one implementation.
 */
export interface Reply {
  readonly raw: ServerResponse;
  readonly request: { readonly id: string; readonly url: string };
  readonly sent: boolean;
  status(code: number): Reply;
  header(name: string, value: string): Reply;
  headers(values: Record<string, string>): Reply;
  type(contentType: string): Reply;
  getHeaders(): Record<string, unknown>;
  /** A string goes as is; anything else as JSON. */
  send(payload: unknown): unknown;
  /** The caller writes `raw` itself from now on (server-sent events). */
  hijack(): unknown;
}
