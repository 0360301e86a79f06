import { countPromptTokens, replyPieces } from './content';
import { sendJson, writeSseFrames, type Reply } from './respond';
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

type ResponseState = 'in_progress' | 'completed' | 'incomplete';

/** What one request is answered with: the reply's pieces, its status, usage (null: not reported) and ids. */
interface ResponsesPlan {
  n: string;
  created: number;
  pieces: string[];
  status: 'completed' | 'incomplete';
  usage: object | null;
  message: { id: string; type: string; status: string; role: string; content: object[] };
  part: { type: string; text: string; annotations: never[]; logprobs: never[] };
}

function planResponse(body: ResponsesRequest, sw: Switch, ctx: MockContext): ResponsesPlan {
  const n = ctx.nextId().toString(36).padStart(8, '0');
  const messages = messagesOf(body);
  const prompt = countPromptTokens(messages);
  const { pieces, truncated } = replyPieces(messages, body.max_output_tokens ?? undefined);
  const reasoning = body.reasoning?.effort ? REASONING_TOKENS : 0;
  const cached = sw.behaviour === 'cached' ? Math.max(1, Math.floor(prompt / 2)) : 0;
  const output = pieces.length + reasoning;
  const usage =
    sw.behaviour === 'no-usage'
      ? null
      : {
          input_tokens: prompt,
          input_tokens_details: { cached_tokens: cached, cache_write_tokens: 0 },
          output_tokens: output,
          output_tokens_details: { reasoning_tokens: reasoning },
          total_tokens: prompt + output,
        };
  const created = Math.floor(Date.now() / 1000);
  const status = truncated ? 'incomplete' : 'completed';
  const part = { type: 'output_text', text: pieces.join(''), annotations: [], logprobs: [] };
  const message = { id: `msg_mock${n}`, type: 'message', status, role: 'assistant', content: [part] };
  return { n, created, pieces, status, usage, message, part };
}

/** The Response object in `state` (no output while in progress; usage once done). */
function responseOf(body: ResponsesRequest, p: ResponsesPlan, state: ResponseState) {
  return {
    id: `resp_mock${p.n}`,
    object: 'response',
    created_at: p.created,
    status: state,
    background: false,
    completed_at: state === 'completed' ? Math.floor(Date.now() / 1000) : null,
    error: null,
    incomplete_details: state === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: null,
    model: body.model,
    output: state === 'in_progress' ? [] : [p.message],
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
    ...(state !== 'in_progress' && p.usage ? { usage: p.usage } : {}),
    metadata: body.metadata ?? {},
  };
}

/** The typed events of a streamed response, numbered by `sequence_number`. */
function streamFrames(body: ResponsesRequest, p: ResponsesPlan): string[] {
  let seq = 0;
  const frame = (type: string, fields: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...fields })}\n\n`;
  const at = { item_id: p.message.id, output_index: 0, content_index: 0 };
  const { part, message, status } = p;
  return [
    frame('response.created', { response: responseOf(body, p, 'in_progress') }),
    frame('response.in_progress', { response: responseOf(body, p, 'in_progress') }),
    frame('response.output_item.added', { output_index: 0, item: { ...message, status: 'in_progress', content: [] } }),
    frame('response.content_part.added', { ...at, part: { ...part, text: '' } }),
    ...p.pieces.map((delta) => frame('response.output_text.delta', { ...at, delta, logprobs: [] })),
    frame('response.output_text.done', { ...at, text: part.text, logprobs: [] }),
    frame('response.content_part.done', { ...at, part }),
    frame('response.output_item.done', { output_index: 0, item: message }),
    frame(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: responseOf(body, p, status) }),
  ];
}

/** Answers POST /v1/responses in OpenAI's shapes: a Response, or its typed events (`event:` lines, `sequence_number`), usage included. */
export function handleResponses(body: ResponsesRequest, { res, sw, ctx, requestId, timers }: Reply): void {
  const p = planResponse(body, sw, ctx);
  if (body.stream !== true) return sendJson(res, 200, JSON.stringify(responseOf(body, p, p.status)), requestId);
  const frames = streamFrames(body, p);
  const cut = sw.behaviour === 'stream-cut';
  writeSseFrames(res, cut ? frames.slice(0, 4) : frames, { requestId, chunkDelayMs: ctx.chunkDelayMs, fixedRate: ctx.fixedRate, cut, timers });
}
