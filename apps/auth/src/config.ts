import { z } from 'zod';
import { InfraEnv, parseEnv, port, secret } from '@tollgate/config';

export const AuthEnv = InfraEnv.extend({
  ADMIN_TOKEN: secret(),
  AUTH_HOST: z.string().default('127.0.0.1'),
  AUTH_ADMIN_PORT: port(8081),
  /** `key.expiring` alerts: keys expiring within this many days, looked for every KEY_EXPIRY_SCAN_MS. */
  KEY_EXPIRY_ALERT_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  KEY_EXPIRY_SCAN_MS: z.coerce
    .number()
    .int()
    .min(50)
    .default(60 * 60 * 1000),
  /** A portal session ends after this long without a request, and in any case this long after sign-in. */
  PORTAL_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 60),
  PORTAL_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24),
  /** An admin session ends after this long without a request, and in any case this long after sign-in. */
  ADMIN_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(60),
  ADMIN_SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  /** `1`: a `tenant` label on the key-verification counter of /metrics. Off by default (one series per tenant). */
  METRICS_TENANT_LABEL: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
});
export type AuthConfig = z.infer<typeof AuthEnv>;

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return parseEnv(AuthEnv, env);
}

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
