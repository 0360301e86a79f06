import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { Dispatcher, errors, Pool } from 'undici';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { GatewayError } from '../errors/gateway.error';
import type { ResolvedTarget } from '../catalog/catalog.service';

export interface UpstreamCall {
  target: ResolvedTarget;
  /** Path under the provider's base URL, e.g. `/chat/completions`. */
  path: string;
  body: unknown;
  /** Provider-specific headers, credentials included (set by the provider adapter). */
  headers: Record<string, string>;
  signal: AbortSignal;
}

/**
 * Calls OpenAI-compatible upstreams (OpenAI, vLLM, Ollama, Groq...) over one keep-alive
 * pool per origin. Redirects are never followed.
 */
@Injectable()
export class UpstreamClient implements OnApplicationShutdown {
  private readonly pools = new Map<string, Pool>();
  private readonly bases = new Map<string, { origin: string; path: string }>();

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async send(call: UpstreamCall): Promise<Dispatcher.ResponseData> {
    const base = this.base(call.target.baseUrl);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...call.headers };
    const timeout = call.target.timeoutMs ?? this.config.UPSTREAM_TIMEOUT_MS;
    try {
      return await this.pool(base.origin).request({
        path: `${base.path}${call.path}`,
        method: 'POST',
        headers,
        body: JSON.stringify(call.body),
        signal: call.signal,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (err) {
      throw toUpstreamError(err);
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
      pool = new Pool(origin, { connections: 256, pipelining: 1, keepAliveTimeout: 30_000, connect: { timeout: 5_000 } });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close().catch(() => p.destroy())));
  }
}

export function toUpstreamError(err: unknown): GatewayError | Error {
  if (err instanceof errors.RequestAbortedError || (err as Error)?.name === 'AbortError') return err as Error;
  if (err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError || err instanceof errors.ConnectTimeoutError) {
    return new GatewayError('upstream_timeout', 'The upstream provider did not answer in time.', null, undefined, {}, true);
  }
  return new GatewayError('upstream_error', 'The upstream provider could not be reached.', null, undefined, {}, true);
}
