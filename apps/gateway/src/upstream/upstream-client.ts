import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { guardedConnector } from '@tollgate/server';
import { buildConnector, Dispatcher, errors, Pool } from 'undici';
import { forbiddenAddress } from '../catalog/base-url';
import type { ResolvedTarget } from '../catalog/catalog.service';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import { attemptAnswered, attemptFailed, startAttemptSpan } from './upstream-span';

export interface UpstreamCall {
  target: ResolvedTarget;
  /** Path under the provider's base URL, e.g. `/chat/completions`. */
  path: string;
  body: unknown;
  /** Provider-specific headers, credentials included (set by the provider adapter). */
  headers: Record<string, string>;
  signal: AbortSignal;
}

const CONNECT_TIMEOUT_MS = 5_000;

/** The address an upstream's name resolved to (or its IP literal) is one the gateway may not dial. */
export class ForbiddenUpstreamAddress extends Error {
  override readonly name = 'ForbiddenUpstreamAddress';
}

const logger = new Logger('Upstream');

/**
 * Calls OpenAI-compatible upstreams (OpenAI, vLLM, Ollama, Groq...) over one keep-alive
 * pool per origin. Redirects are never followed. The address actually dialed is checked at
 * connect time (after DNS, so a rebinding name cannot pass): link-local and metadata
 * addresses never, private and loopback ones only with ALLOW_PRIVATE_UPSTREAMS. Every call
 * has a deadline: headers and each silence within the target's timeout, the whole call
 * within UPSTREAM_DEADLINE_MS; past either it ends with upstream_timeout and a log line.
 */
@Injectable()
export class UpstreamClient implements OnApplicationShutdown {
  private readonly pools = new Map<string, Pool>();
  private readonly bases = new Map<string, { origin: string; path: string }>();
  private readonly connect: buildConnector.connector;

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    this.connect = guardedConnector({
      forbidden: (ip) => forbiddenAddress(ip, config.ALLOW_PRIVATE_UPSTREAMS),
      refused,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
    });
  }

  async send(call: UpstreamCall): Promise<Dispatcher.ResponseData> {
    const base = this.base(call.target.baseUrl);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...call.headers };
    const timeout = call.target.timeoutMs ?? this.config.UPSTREAM_TIMEOUT_MS;
    // Our own serialisation is not the upstream's failure: it never reaches the router as one.
    const body = serialise(call.body);
    const deadline = new Deadline(call, this.config.UPSTREAM_DEADLINE_MS);
    const span = startAttemptSpan(call, base.origin, headers);
    try {
      const res = await this.pool(base.origin).request({
        path: `${base.path}${call.path}`,
        method: 'POST',
        headers,
        body,
        // The caller's own signal: undici stops the request when the caller leaves. Until the
        // headers the deadline is a headers timeout; after them it destroys the body (Deadline).
        signal: call.signal,
        headersTimeout: Math.min(timeout, deadline.ms),
        bodyTimeout: timeout,
      });
      deadline.watch(res.body);
      if (span) attemptAnswered(span, res.statusCode, res.body);
      return res;
    } catch (err) {
      deadline.clear();
      const failure = deadline.passedBy(err, timeout) ?? toUpstreamError(err, call);
      if (span) attemptFailed(span, failure);
      throw failure;
    }
  }

  private base(baseUrl: string): { origin: string; path: string } {
    let base = this.bases.get(baseUrl);
    if (!base) {
      const url = new URL(baseUrl);
      this.bases.set(baseUrl, (base = { origin: url.origin, path: url.pathname.replace(/\/+$/, '') }));
    }
    return base;
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: this.config.UPSTREAM_MAX_CONNECTIONS, pipelining: 1, keepAliveTimeout: 30_000, connect: this.connect });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close().catch(() => p.destroy())));
  }
}

function serialise(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch {
    throw GatewayErrors.invalidRequest('The request body could not be serialised for the upstream provider.');
  }
}

/**
 * The whole-call deadline: once the response arrived, destroys its body (read or not) when the
 * deadline passes; before that the request's headers timeout is the deadline where it is the
 * shorter. Either way the call ends with upstream_timeout and says so in the log.
 */
class Deadline {
  private readonly timer: NodeJS.Timeout;
  private body: Dispatcher.ResponseData['body'] | null = null;

  constructor(
    private readonly call: UpstreamCall,
    readonly ms: number,
  ) {
    this.timer = setTimeout(this.expire, ms);
  }

  watch(body: Dispatcher.ResponseData['body']): void {
    this.body = body;
    body.once('close', this.clear);
  }

  readonly clear = (): void => {
    clearTimeout(this.timer);
  };

  /** The call's error when `err` is the headers timeout the deadline set (it was shorter than the target's `timeout`). */
  passedBy(err: unknown, timeout: number): GatewayError | null {
    if (!(err instanceof errors.HeadersTimeoutError) || this.ms > timeout) return null;
    this.report();
    return timeoutError();
  }

  private readonly expire = (): void => {
    if (!this.body) return; // still waiting for the headers: their timeout (above) ends the request
    this.report();
    this.body.destroy(timeoutError());
  };

  private report(): void {
    const { target, path } = this.call;
    logger.warn(
      { provider: target.providerName, upstreamModel: target.upstreamModel, path, deadlineMs: this.ms },
      'upstream call passed its deadline; cut off',
    );
  }
}

const timeoutError = () => GatewayErrors.upstreamTimeout('The upstream provider did not answer in time.', { retryable: true });

function refused(host: string, address: string, why: string): ForbiddenUpstreamAddress {
  logger.warn({ host, address, reason: why }, 'upstream address refused');
  return new ForbiddenUpstreamAddress(`${host} (${address}): ${why}`);
}

export function toUpstreamError(err: unknown, call?: UpstreamCall): GatewayError | Error {
  if (err instanceof GatewayError) return err;
  if (err instanceof errors.RequestAbortedError || (err as Error)?.name === 'AbortError') return err as Error;
  const where = call ? { provider: call.target.providerName, upstreamModel: call.target.upstreamModel, path: call.path } : {};
  if (err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError || err instanceof errors.ConnectTimeoutError) {
    logger.warn({ ...where, err: (err as Error).message }, 'upstream call timed out');
    return timeoutError();
  }
  if (err instanceof ForbiddenUpstreamAddress) {
    return GatewayErrors.upstreamError('The upstream provider address is not allowed.', { retryable: true });
  }
  logger.warn({ ...where, err: (err as Error)?.message }, 'upstream call failed');
  return GatewayErrors.upstreamError('The upstream provider could not be reached.', { retryable: true });
}
