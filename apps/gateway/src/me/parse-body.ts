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
  const message = issue.code === 'unrecognized_keys' ? 'unknown field (fields are snake_case)' : plainMessage(issue);
  throw GatewayErrors.invalidRequest(`Invalid '${param ?? 'body'}': ${message}`, { param });
}

/**
 * zod's own wording ("Too big: expected number to be <=2592000") in words a customer reads in the
 * console; a schema's own message is kept as written.
 */
function plainMessage(issue: z.core.$ZodIssue): string {
  const own = !/^(Too big|Too small|Invalid input)/.test(issue.message);
  if (own) return issue.message;
  if (issue.code === 'too_big') {
    const max = Number(issue.maximum).toLocaleString('en-US');
    return issue.origin === 'string'
      ? `must be at most ${max} characters`
      : issue.origin === 'array'
        ? `must hold at most ${max} items`
        : `must be at most ${max}`;
  }
  if (issue.code === 'too_small') {
    const min = Number(issue.minimum);
    if (issue.origin === 'string') return min <= 1 ? 'must not be empty' : `must be at least ${min.toLocaleString('en-US')} characters`;
    if (issue.origin === 'array') return min <= 1 ? 'must not be empty' : `must hold at least ${min.toLocaleString('en-US')} items`;
    return `must be at least ${min.toLocaleString('en-US')}`;
  }
  if (issue.code === 'invalid_type') return `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
  return issue.message;
}
