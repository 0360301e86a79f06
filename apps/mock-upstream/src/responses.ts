import type { ServerResponse } from 'node:http';
import { countPromptTokens, replyPieces } from './content';
import { RequestTimers, sendJson, writeSseFrames } from './respond';
import type { Switch } from './switches';
import type { ChatMessage, MockContext } from './types';

/** The subset of a Responses API request the mock reads (text in, text out; no tools). */
export interface ResponsesRequest {
  model: string;
  input: string | Array<{ type?: string; role?: string; content?: ChatMessage['content'] }>;
  instructions?: string | null;
  stream?: boolean | null;
  store?: boolean | null;
  max_output_tokens?: number | null;
  reasoning?: { effort?: string | null } | null;
  metadata?: Record<string, string> | null;
}

/** Reasoning tokens the mock reports (inside `output_tokens`, as OpenAI counts them) when the request sets `reasoning.effort`. */
const REASONING_TOKENS = 2;

function messagesOf(body: ResponsesRequest): ChatMessage[] {
  const messages: ChatMessage[] = body.instructions ? [{ role: 'system', content: body.instructions }] : [];
  if (typeof body.input === 'string') return [...messages, { role: 'user', content: body.input }];
  for (const item of body.input) if (item && typeof item.role === 'string') messages.push({ role: item.role, content: item.content ?? null });
  return messages;
}

/** Answers POST /v1/responses in OpenAI's shapes: a Response, or its typed events (`event:` lines, `sequence_number`), usage included. */
export function handleResponses(res: ServerResponse, body: ResponsesRequest, sw: Switch, ctx: MockContext, requestId: string, timers?: RequestTimers): void {
  const n = ctx.nextId().toString(36).padStart(8, '0');
  const messages = messagesOf(body);
  const prompt = countPromptTokens(messages);
  const { pieces, truncated } = replyPieces(messages, body.max_output_tokens ?? undefined);
  const reasoning = body.reasoning?.effort ? REASONING_TOKENS : 0;
  const cached = sw.behaviour === 'cached' ? Math.max(1, Math.floor(prompt / 2)) : 0;
  const output = pieces.length + reasoning;
  const usage = sw.behaviour === 'no-usage' ? null : { input_tokens: prompt, input_tokens_details: { cached_tokens: cached, cache_write_tokens: 0 }, output_tokens: output, output_tokens_details: { reasoning_tokens: reasoning }, total_tokens: prompt + output };
  const created = Math.floor(Date.now() / 1000);
  const status = truncated ? 'incomplete' : 'completed';
  const msgId = `msg_mock${n}`;
  const text = pieces.join('');
  const part = { type: 'output_text', text, annotations: [], logprobs: [] };
  const message = { id: msgId, type: 'message', status, role: 'assistant', content: [part] };
  const response = (state: 'in_progress' | 'completed' | 'incomplete') => ({
    id: `resp_mock${n}`,
    object: 'response',
    created_at: created,
    status: state,
    background: false,
    completed_at: state === 'completed' ? Math.floor(Date.now() / 1000) : null,
    error: null,
    incomplete_details: state === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: null,
    model: body.model,
    output: state === 'in_progress' ? [] : [message],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: body.reasoning?.effort ?? null, summary: null },
    service_tier: 'default',
    store: body.store !== false,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    ...(state !== 'in_progress' && usage ? { usage } : {}),
    metadata: body.metadata ?? {},
  });
  if (body.stream !== true) return sendJson(res, 200, JSON.stringify(response(status)), requestId);

  let seq = 0;
  const frame = (type: string, fields: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...fields })}\n\n`;
  const at = { item_id: msgId, output_index: 0, content_index: 0 };
  const frames = [
    frame('response.created', { response: response('in_progress') }),
    frame('response.in_progress', { response: response('in_progress') }),
    frame('response.output_item.added', { output_index: 0, item: { ...message, status: 'in_progress', content: [] } }),
    frame('response.content_part.added', { ...at, part: { ...part, text: '' } }),
    ...pieces.map((delta) => frame('response.output_text.delta', { ...at, delta, logprobs: [] })),
    frame('response.output_text.done', { ...at, text, logprobs: [] }),
    frame('response.content_part.done', { ...at, part }),
    frame('response.output_item.done', { output_index: 0, item: message }),
    frame(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: response(status) }),
  ];
  const cut = sw.behaviour === 'stream-cut';
  writeSseFrames(res, cut ? frames.slice(0, 4) : frames, { requestId, chunkDelayMs: ctx.chunkDelayMs, fixedRate: ctx.fixedRate, cut, timers });
}
