import { unstorableTextProblem } from '@tollgate/contracts';
import type { z } from 'zod';
import { GatewayErrors } from '../errors/gateway.error';

/**
 * A /me body checked against its (strict, snake_case) schema: the first problem becomes a 400
 * naming the field, and a field in another spelling (`expiresAt`) is refused, never dropped.
 * No body is an empty object; a body of `null` (or any non-object) is refused, never read as
 * "every field omitted". Text the database cannot keep (NUL, an unpaired surrogate) is refused
 * here, naming its field, before any service sees it.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    throw GatewayErrors.invalidRequest('The request body must be a JSON object.', { param: null });
  }
  const problem = unstorableTextProblem(body);
  if (problem) throw GatewayErrors.invalidRequest(problem.message, { param: problem.param });
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  const param = path.length ? path.join('.') : null;
  const message = issue.code === 'unrecognized_keys' ? 'unknown field (fields are snake_case)' : issue.message;
  throw GatewayErrors.invalidRequest(`Invalid '${param ?? 'body'}': ${message}`, { param });
}
