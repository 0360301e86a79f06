import { z } from 'zod';
import { GatewayError } from '../errors/gateway.error';

/** What the gateway itself needs of a chat request; every other field goes to the upstream as sent. */
const ChatRequest = z
  .object({
    model: z.string({ error: "you must provide a model parameter" }).min(1, 'model must not be empty'),
    messages: z.array(z.object({ role: z.string() }).passthrough(), { error: "'messages' must be an array of messages" }).min(1, "'messages' must contain at least one message"),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).passthrough().nullable().optional(),
    max_tokens: z.number().int().positive().nullable().optional(),
    max_completion_tokens: z.number().int().positive().nullable().optional(),
  })
  .passthrough();
export type ChatRequest = z.infer<typeof ChatRequest>;

export function parseChatRequest(body: unknown): ChatRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GatewayError('invalid_request', 'The request body must be a JSON object.');
  }
  const parsed = ChatRequest.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue.path.length ? issue.path.join('.') : null;
  const message = issue.path[0] === 'model' && issue.code === 'invalid_type' ? 'you must provide a model parameter' : `Invalid '${param ?? 'body'}': ${issue.message}`;
  throw new GatewayError('invalid_request', message, param);
}
