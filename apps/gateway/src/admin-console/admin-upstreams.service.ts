import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Agent, request } from 'undici';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import type { ConsoleUpstream } from './proxy-path';

/** One call of an admin API on the signed-in admin's behalf. */
export interface UpstreamCall {
  method: string;
  /** `/admin/…` with its query, as the client sent it. */
  path: string;
  /** The admin session token (Authorization: Bearer), or null (sign-in). */
  token: string | null;
  /** A JSON body (sent as it is), or undefined for none. */
  body?: unknown;
  requestId?: string;
}

/** The upstream's answer: its status, its body bytes and the few headers the browser needs. */
export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Largest upstream answer passed on (statement PDFs and CSVs included); a larger one is a 502. */
export const MAX_UPSTREAM_BYTES = 16 * 1024 * 1024;
/** Only these upstream headers reach the browser: no hop-by-hop header, no cookie, nothing else. */
const PASSED_HEADERS = ['content-type', 'content-disposition', 'retry-after'] as const;

const NAMES: Record<ConsoleUpstream, string> = { auth: 'auth', billing: 'billing', gateway: 'gateway' };
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

const unavailable = (upstream: ConsoleUpstream, setting: string) =>
  new GatewayError({
    code: 'console_unavailable',
    message: `The admin console cannot reach ${NAMES[upstream]}: set ${setting} on the gateway (its admin base URL, e.g. http://${upstream}:${upstream === 'auth' ? 8081 : 8082}).`,
  });
const timedOut = (upstream: ConsoleUpstream) => GatewayErrors.upstreamTimeout(`The ${NAMES[upstream]} admin API did not answer in time.`);
const unreachable = (upstream: ConsoleUpstream) => GatewayErrors.upstreamError(`The ${NAMES[upstream]} admin API could not be reached.`);
const tooLarge = (upstream: ConsoleUpstream) => GatewayErrors.upstreamError(`The ${NAMES[upstream]} admin API answered more than ${MAX_UPSTREAM_BYTES} bytes.`);

function pickHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/**
 * Calls auth's and billing's admin APIs over HTTP (undici, pooled, never following redirects)
 * and this gateway's own admin routes in process (Fastify's inject: the same guard, validation
 * and errors as a network call, no socket). Every call is bounded in time and size.
 */
@Injectable()
export class AdminUpstreams implements OnModuleDestroy {
  private readonly timeoutMs: number;
  private readonly agent: Agent;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly host: HttpAdapterHost,
  ) {
    this.timeoutMs = config.ADMIN_CONSOLE_UPSTREAM_TIMEOUT_MS;
    this.agent = new Agent({ connect: { timeout: this.timeoutMs }, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs, keepAliveTimeout: 10_000 });
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  call(upstream: ConsoleUpstream, call: UpstreamCall): Promise<UpstreamAnswer> {
    if (upstream === 'gateway') return this.local(call);
    const base = upstream === 'auth' ? this.config.AUTH_ADMIN_URL : this.config.BILLING_ADMIN_URL;
    if (!base) throw unavailable(upstream, upstream === 'auth' ? 'AUTH_ADMIN_URL' : 'BILLING_ADMIN_URL');
    return this.remote(upstream, base, call);
  }

  private headers(call: UpstreamCall): Record<string, string> {
    return {
      accept: 'application/json',
      ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
      ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(call.requestId ? { 'x-request-id': call.requestId } : {}),
    };
  }

  private async remote(upstream: ConsoleUpstream, base: string, call: UpstreamCall): Promise<UpstreamAnswer> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const res = await request(`${base}${call.path}`, {
        method: call.method as 'GET',
        headers: this.headers(call),
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        dispatcher: this.agent,
        signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_UPSTREAM_BYTES) {
          res.body.destroy();
          throw tooLarge(upstream);
        }
        chunks.push(chunk as Buffer);
      }
      return { status: res.statusCode, headers: pickHeaders(res.headers), body: Buffer.concat(chunks) };
    } catch (err) {
      if (err instanceof GatewayError) throw err;
      const code = (err as { code?: string })?.code;
      if (signal.aborted || (code && TIMEOUT_CODES.has(code))) throw timedOut(upstream);
      throw unreachable(upstream);
    }
  }

  private async local(call: UpstreamCall): Promise<UpstreamAnswer> {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timedOut('gateway')), this.timeoutMs);
    });
    try {
      const res = await Promise.race([
        fastify.inject({
          method: call.method as 'GET',
          url: call.path,
          headers: this.headers(call),
          payload: call.body === undefined ? undefined : JSON.stringify(call.body),
        }),
        deadline,
      ]);
      if (res.rawPayload.length > MAX_UPSTREAM_BYTES) throw tooLarge('gateway');
      return { status: res.statusCode, headers: pickHeaders(res.headers), body: res.rawPayload };
    } finally {
      clearTimeout(timer);
    }
  }
}
