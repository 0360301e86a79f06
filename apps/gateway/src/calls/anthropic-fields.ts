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

/** A number Anthropic bounds (`temperature` 0–1, `top_p` 0–1), in its words. */
const bounded = (min: number, max: number) =>
  z
    .number({ error: 'Input should be a valid number' })
    .min(min, `Input should be greater than or equal to ${min}`)
    .max(max, `Input should be less than or equal to ${max}`)
    .optional();

/** `tool_choice`: auto, any, none, or one named tool (Anthropic's tagged union, its path naming the tag). */
const ToolChoice = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('auto') }).passthrough(),
    z.object({ type: z.literal('any') }).passthrough(),
    z.object({ type: z.literal('none') }).passthrough(),
    z.object({ type: z.literal('tool'), name: z.string({ error: required('Input should be a valid string') }) }).passthrough(),
  ],
  { error: "Input tag does not match any of the expected tags: 'auto', 'any', 'tool', 'none'" },
);

/**
 * The sampling and tool fields of a Messages request in Anthropic's ranges, checked here so a wrong
 * one costs no upstream call (an OpenAI upstream would take a temperature of 1.5 that Anthropic refuses).
 */
export const AnthropicSampling = {
  temperature: bounded(0, 1),
  top_p: bounded(0, 1),
  top_k: z
    .number({ error: 'Input should be a valid integer' })
    .int('Input should be a valid integer')
    .min(0, 'Input should be greater than or equal to 0')
    .optional(),
  tool_choice: ToolChoice.optional(),
  stop_sequences: z.array(z.string({ error: 'Input should be a valid string' }), { error: 'Input should be a valid list' }).optional(),
};

/** Anthropic's shape for a bad field: `<path>: <what is wrong>` (the path once, where the message did not name it). */
export function invalidField(issue: z.core.$ZodIssue): GatewayError {
  const param = issue.path.length ? issue.path.join('.') : null;
  const message = param && !issue.message.startsWith(`${param}:`) ? `${param}: ${issue.message}` : issue.message;
  return GatewayErrors.invalidRequest(message, { param });
}
