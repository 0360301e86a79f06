import { z } from 'zod';
import { ModelName } from '../catalog/model-names';
import { GatewayErrors } from '../errors/gateway.error';

/** Most output tokens a caller may ask for (no model comes near; larger is a mistake or a probe). */
export const MAX_OUTPUT_TOKENS = 1_000_000;

const outputCap = z.number().int().positive().max(MAX_OUTPUT_TOKENS, `must be at most ${MAX_OUTPUT_TOKENS}`).nullable().optional();

/** A sampling parameter: a number in OpenAI's range (or null), checked here so a wrong one costs no upstream call. */
const sampling = (min: number, max: number) =>
  z
    .number({ error: `must be a number from ${min} to ${max}` })
    .min(min, `must be a number from ${min} to ${max}`)
    .max(max, `must be a number from ${min} to ${max}`)
    .nullable()
    .optional();

/**
 * What the gateway itself needs of a chat request, and the sampling parameters' types and ranges;
 * every other field goes to the upstream as sent.
 */
export const ChatRequest = z
  .object({
    model: ModelName,
    messages: z
      .array(z.object({ role: z.string() }).passthrough(), { error: "'messages' must be an array of messages" })
      .min(1, "'messages' must contain at least one message"),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).passthrough().nullable().optional(),
    max_tokens: outputCap,
    max_completion_tokens: outputCap,
    n: z.number().int().min(1).max(128).nullable().optional(),
    tools: z
      .array(z.object({ type: z.string({ error: 'each tool needs a type' }) }).passthrough(), { error: 'must be an array of tools' })
      .nullable()
      .optional(),
    temperature: sampling(0, 2),
    top_p: sampling(0, 1),
    presence_penalty: sampling(-2, 2),
    frequency_penalty: sampling(-2, 2),
  })
  .passthrough();
export type ChatRequest = z.infer<typeof ChatRequest>;

export function parseChatRequest(body: unknown): ChatRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw GatewayErrors.invalidRequest('The request body must be a JSON object.');
  }
  const parsed = ChatRequest.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue.path.length ? issue.path.join('.') : null;
  const message =
    issue.path[0] === 'model' && issue.code === 'invalid_type' ? 'you must provide a model parameter' : `Invalid '${param ?? 'body'}': ${issue.message}`;
  throw GatewayErrors.invalidRequest(message, { param });
}
