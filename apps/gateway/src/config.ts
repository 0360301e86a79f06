import { z } from 'zod';
import { InfraEnv, parseEnv, port, secret } from '@tollgate/config';

/** An http(s) base URL without a trailing slash, or '' (unset). */
const adminBaseUrl = () =>
  z
    .string()
    .default('')
    .transform((v) => v.trim().replace(/\/+$/, ''))
    .refine((v) => v === '' || /^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(v), 'an http(s) URL such as http://auth:8081, or empty');

/** A switch: 1/true on, 0/false off. */
const flag = (fallback: '0' | '1') =>
  z
    .enum(['0', '1', 'true', 'false'])
    .default(fallback)
    .transform((v) => v === '1' || v === 'true');

export const GatewayEnv = InfraEnv.extend({
  ADMIN_TOKEN: secret(),
  /** Encrypts upstream credentials at rest (AES-256-GCM; the key is derived from this). */
  CATALOG_SECRET: secret(),
  GATEWAY_HOST: z.string().default('127.0.0.1'),
  GATEWAY_PORT: port(8080),
  GATEWAY_ADMIN_HOST: z.string().default('127.0.0.1'),
  GATEWAY_ADMIN_PORT: port(8083),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  /**
   * Longest a caller may take to send a whole request (headers and body) on the public port; past
   * it the request is answered 408 in its route's shape. A stalled or trickled body holds a
   * connection and a read buffer for no longer than this (Node's own default is 300 s).
   */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  /** How long a verified principal is trusted in-process; revocations still apply at once. */
  PRINCIPAL_CACHE_TTL_MS: z.coerce.number().int().positive().default(30_000),
  /** How long an unknown key is remembered as unknown. */
  NEGATIVE_CACHE_TTL_MS: z.coerce.number().int().nonnegative().default(5_000),
  /** Budget for the auth NATS request and the Redis round trip; past it the caller gets 503. */
  AUTH_TIMEOUT_MS: z.coerce.number().int().positive().default(800),
  /** Per target (its timeoutMs overrides): longest wait for an upstream's headers and longest silence in its body. */
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  /** Longest any upstream call may take, start to last byte, streams included; past it the call is cut and logged. */
  UPSTREAM_DEADLINE_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60 * 1000),
  /**
   * Open connections per upstream origin (HTTP/1.1: one call each, a stream holding its own for as
   * long as it runs). Calls past it wait for a free connection; a gateway serving thousands of
   * concurrent streams to one provider needs as many.
   */
  UPSTREAM_MAX_CONNECTIONS: z.coerce.number().int().positive().default(10_000),
  /** The public port's listen backlog: connections the kernel queues before the gateway accepts them (capped by net.core.somaxconn). */
  LISTEN_BACKLOG: z.coerce.number().int().positive().default(4_096),
  /**
   * Whether upstreams may be dialed on private, loopback and shared (CGNAT) addresses. Link-local
   * and cloud metadata addresses are refused whatever this says. Checked on the address dialed.
   */
  ALLOW_PRIVATE_UPSTREAMS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** A credit hold not settled by then (its gateway died) stops counting against the balance. */
  HOLD_TTL_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 60 * 1000),
  /** Consecutive failures that open a target's circuit, and how long it stays open before a probe. */
  CIRCUIT_FAILURE_THRESHOLD: z.coerce.number().int().positive().default(5),
  CIRCUIT_COOLDOWN_MS: z.coerce.number().int().positive().default(30_000),
  /**
   * The usage journal: every finished call's usage event is written here before its response
   * ends, and removed once JetStream acknowledges it; a gateway that starts publishes what dead
   * ones left. '' keeps usage in memory only. Give it a volume that outlives the process.
   */
  USAGE_SPOOL_DIR: z.string().default('.tollgate/usage-spool'),
  /** Unacknowledged usage events past which new metered calls get 503 billing_unavailable. */
  USAGE_BUFFER_MAX_EVENTS: z.coerce.number().int().positive().default(100_000),
  /**
   * On SIGTERM: how long requests and streams in flight may run before they are cut. Below
   * Kubernetes' terminationGracePeriodSeconds (default 30 s) minus any preStop sleep.
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().nonnegative().default(25_000),
  /**
   * Portal session cookie: `auto` adds `Secure` and the `__Host-` prefix when the request came over TLS;
   * `true` always (set it behind a TLS-terminating proxy), `false` never.
   */
  SESSION_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /**
   * Which proxies' X-Forwarded-For/-Proto/-Host to believe (Fastify's trustProxy): '' none (default),
   * a hop count, 'true' any, or comma-separated addresses/CIDRs. Sign-in throttling per address and
   * `auto` secure cookies read the client address and scheme through it.
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v): boolean | number | string => (v === '' || v === 'false' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v)),
  /**
   * The console's built single-page app, served at /console on the public port (read once at start:
   * a rebuilt console is served after a restart). '' = dist/console at the repository root
   * (`npm run build:console`); a relative path is taken from the working directory.
   */
  CONSOLE_DIR: z.string().default(''),
  /**
   * The admin console's built single-page app, served at /console on the ADMIN port only (never the
   * public one). '' = dist/admin-console at the repository root (`npm run build:console` builds both).
   */
  ADMIN_CONSOLE_DIR: z.string().default(''),
  /**
   * Auth's and billing's admin base URLs (e.g. http://auth:8081), which the admin console's
   * same-origin backend (/console-api/* on the admin port) calls with the signed-in admin's token.
   * '' = not configured: sign-in and the proxied calls to that service answer 503.
   */
  AUTH_ADMIN_URL: adminBaseUrl(),
  BILLING_ADMIN_URL: adminBaseUrl(),
  /** Budget for one call of the admin console's backend to auth, billing or this admin API; past it, 504. */
  ADMIN_CONSOLE_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /**
   * The admin console's session cookie: `auto` adds `Secure` (and the `__Host-` prefix) when the
   * request came over TLS, `true` always (behind a TLS-terminating proxy), `false` never.
   */
  ADMIN_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Stored Responses API responses (store: true) are deleted this many days after they were created; 0 keeps them. */
  RESPONSES_RETENTION_DAYS: z.coerce.number().int().min(0).max(100_000).default(30),
  /** How often each gateway deletes stored responses past retention (one pass at start too). */
  RESPONSES_RETENTION_SWEEP_MS: z.coerce.number().int().min(100).default(3_600_000),
  /** Most stored bytes a `previous_response_id` chain may hold (inputs and outputs of every turn); past it, 400. */
  RESPONSES_MAX_CHAIN_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  CATALOG_REFRESH_MS: z.coerce.number().int().positive().default(30_000),
  /** One JSON access-log line per public request at its end (level info, so LOG_LEVEL=warn hides it too); 0 turns it off. */
  ACCESS_LOG: flag('1'),
  /**
   * Label the request, token and refusal metrics with the tenant id (GATEWAY_ADMIN_PORT /metrics).
   * Off by default: one series per tenant multiplies Prometheus' storage by the number of tenants.
   */
  METRICS_TENANT_LABEL: flag('0'),
  /** How often a quiet gateway checks whether to hand back the heap a burst grew (0 = never). */
  IDLE_HEAP_TRIM_MS: z.coerce.number().int().nonnegative().default(2_000),
});
export type GatewayConfig = z.infer<typeof GatewayEnv>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return parseEnv(GatewayEnv, env);
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
