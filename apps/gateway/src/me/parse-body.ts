import type { z } from 'zod';
import { GatewayErrors } from '../errors/gateway.error';

/**
 * A /me body checked against its (strict, snake_case) schema: the first problem becomes a 400
 * naming the field, and a field in another spelling (`expiresAt`) is refused, never dropped.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  const param = path.length ? path.join('.') : null;
  const message = issue.code === 'unrecognized_keys' ? 'unknown field (fields are snake_case)' : issue.message;
  throw GatewayErrors.invalidRequest(`Invalid '${param ?? 'body'}': ${message}`, { param });
}
