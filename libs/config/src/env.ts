import { z } from 'zod';

/** Connection settings every service shares; the defaults are this project's local services. */
export const InfraEnv = z.object({
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/tollgate'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** `nats://[user:pass@|token@]host:port` (comma-separated servers; `tls://` asks for TLS). Secret: never logged. */
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /** A NATS credentials file (JWT and nkey seed). */
  NATS_CREDS_FILE: z.string().default(''),
  /** TLS to NATS: the CA to trust, and a client certificate and key for mutual TLS. Any of them turns TLS on. */
  NATS_TLS_CA_FILE: z.string().default(''),
  NATS_TLS_CERT_FILE: z.string().default(''),
  NATS_TLS_KEY_FILE: z.string().default(''),
  /** Replicas of the usage JetStream stream (3 on a clustered NATS). */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** Prepended to every NATS subject and stream name. */
  NATS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/)
    .default(''),
  /** Prepended to every Redis key. */
  REDIS_PREFIX: z.string().default('tg:'),
  /** Apply this service's own migrations at start (turn off where a deploy job runs them). */
  MIGRATE_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type InfraEnv = z.infer<typeof InfraEnv>;

/** Words that mark an example value someone forgot to replace. */
const PLACEHOLDER = /change[_-]?me|placeholder|example|replace[_-]?me|<[^>]*>|^x+$|^(.)\1+$/i;

/**
 * A secret setting: at least 16 characters and not a placeholder (`CHANGE_ME…`, `<random…>`, one
 * character repeated): a service refuses to start on the example values of a manifest.
 */
export const secret = () =>
  z
    .string()
    .min(16, 'must be at least 16 characters')
    .refine((v) => !PLACEHOLDER.test(v), 'must be a real secret, not a placeholder (generate one, e.g. `openssl rand -base64 32`)');

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (${problems.length} ${problems.length === 1 ? 'variable' : 'variables'}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once at boot. On failure lists every bad variable by name and
 * never echoes a value (some of them are secrets).
 */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
}

/**
 * A service's entry point: its config, or, when the environment is invalid, one block on stderr
 * listing every bad variable (no stack trace) and exit code 1. Other errors are rethrown.
 */
export function configOrExit<T>(service: string, load: () => T, exit: (code: number) => never = process.exit): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${service} cannot start. ${err.message}\nSet these variables in its environment and start it again.\n`);
    return exit(1);
  }
}
