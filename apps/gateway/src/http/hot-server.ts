import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { answerBareHttp, noteRequest, urlPath } from './http-errors';
import type { RequestEnd } from './request-end';
import { newRequestId } from './request-id';
import { attachRecord, RequestRecord } from './request-record';
import { runTraced } from './request-span';

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
  private started = 0;
  private inFlight = 0;
  private server?: Server;
  private draining = false;

  /**
   * `ended`: the request's accounting (access log, metrics), called once when its response closes.
   * `requestTimeoutMs`: longest a caller may take to send a whole request (408 past it).
   */
  constructor(
    private readonly ended?: RequestEnd,
    private readonly requestTimeoutMs = 60_000,
  ) {}

  /**
   * Fastify's `serverFactory`: `fallback` is Fastify's own request handler. Every public request
   * starts here: its record (request-record.ts) carries the one request id, whichever side answers.
   */
  readonly factory = (fallback: Handler): Server => {
    const closed = this.closed;
    function onClose(this: ServerResponse): void {
      closed(this);
    }
    // Node checks for requests past their time this often: a tenth of the timeout, at most 30 s (its default).
    const connectionsCheckingInterval = Math.min(30_000, Math.max(50, Math.floor(this.requestTimeoutMs / 10)));
    // joinDuplicateHeaders: two Authorization (or x-api-key) headers reach the key check as one
    // joined value, which no key matches (401), instead of Node keeping the first and dropping the rest.
    const options = { requestTimeout: this.requestTimeoutMs, connectionsCheckingInterval, joinDuplicateHeaders: true };
    const server = createServer(options, (req, res) => {
      this.started++;
      this.inFlight++;
      const record = new RequestRecord(newRequestId(), Date.now());
      attachRecord(req, record);
      noteRequest(req);
      res.once('close', onClose);
      // A request that arrives on a kept-alive connection while draining is served, then its connection closed.
      if (this.draining) res.setHeader('connection', 'close');
      const path = req.method === 'POST' ? urlPath(req.url) : '';
      const handler = path ? this.routes.get(path) : undefined;
      if (handler) record.route = path;
      runTraced(req, res, record, handler ?? fallback);
    });
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    server.headersTimeout = Math.min(server.headersTimeout, this.requestTimeoutMs);
    answerBareHttp(server);
    this.server = server;
    return server;
  };

  /**
   * Stops accepting connections, closes idle keep-alive connections at once and every other one
   * as soon as its request ends, and resolves when none is left. Requests and streams still
   * running after `graceMs` are cut (their calls are metered as aborted); `cut` counts them.
   */
  drain(graceMs: number): Promise<{ cut: number }> {
    const server = this.server;
    if (!server?.listening) return Promise.resolve({ cut: 0 });
    this.draining = true;
    return new Promise((resolve) => {
      let cut = 0;
      const timer = setTimeout(() => {
        cut = this.inFlight;
        server.closeAllConnections();
      }, graceMs);
      server.close(() => {
        clearTimeout(timer);
        resolve({ cut });
      });
      server.closeIdleConnections();
    });
  }

  /** Requests started so far and those not yet answered (every route, hot or not). */
  activity(): { started: number; inFlight: number } {
    return { started: this.started, inFlight: this.inFlight };
  }

  private readonly closed = (res: ServerResponse): void => {
    this.inFlight--;
    this.ended?.(res.req, res);
    // The connection is idle once this response is done: close it rather than keep it alive.
    if (this.draining) setImmediate(() => this.server?.closeIdleConnections());
  };

  /** Answers POST `path` with `handler` from now on. */
  post(path: string, handler: Handler): void {
    this.routes.set(path, handler);
  }
}
