import { z } from 'zod';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import { MAX_OUTPUT_TOKENS } from './chat.request';

/** Anthropic's words: a missing field is "Field required"; a present one of the wrong kind says what it should be. */
const required = (what: string) => (issue: { input: unknown }) => (issue.input === undefined ? 'Field required' : what);

/** `messages` of a Messages (or count_tokens) request: a non-empty list of user/assistant turns. */
export const AnthropicMessages = z
  .array(z.object({ role: z.enum(['user', 'assistant']) }).passthrough(), { error: required('Input should be a valid list') })
  .min(1, 'at least one message is required');

/** `max_tokens` of a Messages request: an integer from 1 to the gateway's output cap. */
export const AnthropicMaxTokens = z
  .number({ error: required('Input should be a valid integer') })
  .int('Input should be a valid integer')
  .min(1, 'Input should be greater than or equal to 1')
  .max(MAX_OUTPUT_TOKENS, `must be at most ${MAX_OUTPUT_TOKENS}`);

/** Anthropic's shape for a bad field: `<path>: <what is wrong>` (the path once, where the message did not name it). */
export function invalidField(issue: z.core.$ZodIssue): GatewayError {
  const param = issue.path.length ? issue.path.join('.') : null;
  const message = param && !issue.message.startsWith(`${param}:`) ? `${param}: ${issue.message}` : issue.message;
  return GatewayErrors.invalidRequest(message, { param });
}
