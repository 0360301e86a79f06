import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Fastify's own defaults for the server it would have made. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/**
 * The public HTTP server. The routes every LLM call takes are answered on node:http directly;
 * everything else goes to Fastify (and Nest) as usual. Fastify's per-request machinery (router,
 * hooks, content-type parser, reply pipeline) cost a measurable share of the hot path
 * (bench/README.md), and these two routes need none of it.
 */
export class HotServer {
  private readonly routes = new Map<string, Handler>();

  /** Fastify's `serverFactory`: `fallback` is Fastify's own request handler. */
  readonly factory = (fallback: Handler): Server => {
    const server = createServer((req, res) => {
      const handler = req.method === 'POST' ? this.routes.get(pathOf(req.url)) : undefined;
      (handler ?? fallback)(req, res);
    });
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    return server;
  };

  /** Answers POST `path` with `handler` from now on. */
  post(path: string, handler: Handler): void {
    this.routes.set(path, handler);
  }
}

function pathOf(url = '/'): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
