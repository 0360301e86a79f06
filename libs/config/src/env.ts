import { z } from 'zod';

/** Connection settings every service shares; the defaults are this project's local services. */
export const InfraEnv = z.object({
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/tollgate'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /** Prepended to every NATS subject and stream name. */
  NATS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]*$/).default(''),
  /** Prepended to every Redis key. */
  REDIS_PREFIX: z.string().default('tg:'),
  /** Apply this service's own migrations at start (turn off where a deploy job runs them). */
  MIGRATE_ON_START: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type InfraEnv = z.infer<typeof InfraEnv>;

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export class ConfigError extends Error {}

/**
 * Validates the environment once at boot. On failure lists every bad variable by name and
 * never echoes a value (some of them are secrets).
 */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
