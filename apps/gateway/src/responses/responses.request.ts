import { z } from 'zod';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import { ModelName } from '../catalog/model-names';
import { MAX_OUTPUT_TOKENS } from '../calls/chat.request';

/** Most bytes of `user`, `safety_identifier`, `prompt_cache_key` and each metadata value: they reach logs and events. */
const MAX_ID_CHARS = 512;
const shortString = z.string().max(MAX_ID_CHARS, `must be at most ${MAX_ID_CHARS} characters`);

/** OpenAI's metadata: up to 16 pairs, keys up to 64 characters, values up to 512. */
const Metadata = z
  .record(z.string().max(64, 'keys must be at most 64 characters'), z.string().max(512, 'values must be at most 512 characters'))
  .refine((m) => Object.keys(m).length <= 16, 'must have at most 16 pairs')
  .nullable()
  .optional();

const TextFormat = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    name: z.string().min(1).max(64),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().optional(),
    strict: z.boolean().nullable().optional(),
  }),
]);

/**
 * POST /v1/responses as Tollgate accepts it. Every field it does not know is refused by name
 * (never dropped); the items of `input` and `tools` are checked where they are translated
 * (request-to-chat.ts), so that a refusal names the item.
 */
export const ResponsesRequest = z.strictObject({
  model: ModelName,
  input: z.union([z.string(), z.array(z.unknown())], { error: "'input' must be a string or an array of input items" }),
  instructions: z.string().nullable().optional(),
  tools: z.array(z.unknown()).nullable().optional(),
  tool_choice: z.unknown().optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  max_output_tokens: z.number().int().positive().max(MAX_OUTPUT_TOKENS, `must be at most ${MAX_OUTPUT_TOKENS}`).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  text: z
    .strictObject({ format: TextFormat.optional(), verbosity: z.enum(['low', 'medium', 'high']).nullable().optional() })
    .nullable()
    .optional(),
  reasoning: z
    .strictObject({ effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullable().optional(), summary: z.null().optional() })
    .nullable()
    .optional(),
  metadata: Metadata,
  user: shortString.optional(),
  safety_identifier: shortString.nullable().optional(),
  prompt_cache_key: shortString.nullable().optional(),
  store: z.boolean().nullable().optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.strictObject({ include_obfuscation: z.boolean().optional() }).nullable().optional(),
  service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullable().optional(),
  truncation: z.literal('disabled').nullable().optional(),
  background: z.literal(false).nullable().optional(),
  include: z.array(z.string()).max(0, 'is not supported yet: send an empty list or leave it out').nullable().optional(),
  /** A stored response of the caller's tenant; its chain's items come before `input`. */
  previous_response_id: z.string().min(1).max(MAX_ID_CHARS, `must be at most ${MAX_ID_CHARS} characters`).nullable().optional(),
  max_tool_calls: z.number().int().positive().nullable().optional(),
});
export type ResponsesRequest = z.infer<typeof ResponsesRequest>;

/**
 * Fields OpenAI defines that Tollgate does not do yet, with what the caller should know. Without a
 * prototype: a parameter named `constructor` or `toString` is unknown, never Object's own.
 */
const NOT_YET: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  conversation: "'conversation' is not supported: send the whole conversation in 'input'.",
  background: "'background' responses are not supported.",
  prompt: "'prompt' (stored prompt templates) is not supported: send 'instructions' and 'input'.",
  top_logprobs: "'top_logprobs' is not supported.",
  truncation: 'Only \'truncation: "disabled"\' is supported.',
  'reasoning.summary': "'reasoning.summary' is not supported: upstreams are reached through chat completions, which return no reasoning summary.",
});

/** The request, checked; a GatewayError naming the field otherwise. */
export function parseResponsesRequest(body: unknown): ResponsesRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw GatewayErrors.invalidRequest('The request body must be a JSON object.');
  }
  const parsed = ResponsesRequest.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const key = [...issue.path, issue.keys[0]].join('.');
    throw GatewayErrors.invalidRequest(NOT_YET[key] ?? `Unknown parameter: '${key}'.`, { param: key });
  }
  const param = issue.path.length ? issue.path.join('.') : null;
  if (param && NOT_YET[param]) throw GatewayErrors.invalidRequest(NOT_YET[param], { param });
  if (issue.path[0] === 'model' && issue.code === 'invalid_type') throw GatewayErrors.invalidRequest('you must provide a model parameter', { param: 'model' });
  if (issue.path[0] === 'input' && issue.code === 'invalid_union')
    throw GatewayErrors.invalidRequest("'input' must be a string or an array of input items", { param: 'input' });
  throw GatewayErrors.invalidRequest(`Invalid '${param ?? 'body'}': ${issue.message}`, { param });
}
