/** The Response object (`object: "response"`) built from a chat completion, and the parts the stream shares (pure). */
import type { ResponsesRequest } from './responses.request';

type Json = Record<string, unknown>;

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs: unknown[];
}
export interface Refusal {
  type: 'refusal';
  refusal: string;
}
export interface MessageItem {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: (OutputText | Refusal)[];
}
export interface FunctionCallItem {
  type: 'function_call';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  call_id: string;
  name: string;
  arguments: string;
}
export type OutputItem = MessageItem | FunctionCallItem;

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
  /** Tollgate's: what the call cost, in micro-units (streams; plain answers have `x-tollgate-cost`). */
  cost_micros?: number;
}

/** What every Response of one request repeats from it, and its identity. */
export interface ResponseFrame {
  id: string;
  createdAt: number;
  /** The caller's model name (an alias stays an alias; `x-tollgate-model` names the upstream's). */
  echo: Json;
}

export interface ResponseState {
  status: ResponseStatus;
  output: OutputItem[];
  usage: ResponseUsage | null;
  error?: { code: string; message: string } | null;
  incompleteReason?: 'max_output_tokens' | 'content_filter' | null;
}

/** `resp_…` sharing the request id's hex, so the log line, the usage event and the object meet. */
export function responseIdOf(requestId: string): string {
  return `resp_${requestId.replace(/^req_/, '')}`;
}

/** An output item's id: its kind, the response's hex and its place in `output`. */
export function itemIdOf(frame: ResponseFrame, kind: 'msg' | 'fc', index: number): string {
  return `${kind}_${frame.id.slice(5)}${index.toString(16).padStart(4, '0')}`;
}

export function frameOf(req: ResponsesRequest, requestId: string, now = Date.now()): ResponseFrame {
  const tools = (req.tools ?? []).map((t) => {
    const tool = t as Json;
    return { type: 'function', name: tool.name, description: tool.description ?? null, parameters: tool.parameters ?? null, strict: tool.strict ?? null };
  });
  const echo: Json = {
    model: req.model,
    instructions: req.instructions ?? null,
    max_output_tokens: req.max_output_tokens ?? null,
    metadata: req.metadata ?? {},
    parallel_tool_calls: req.parallel_tool_calls ?? true,
    previous_response_id: req.previous_response_id ?? null,
    reasoning: { effort: req.reasoning?.effort ?? null, summary: null },
    // Kept unless the caller said `store: false` (OpenAI's default).
    store: req.store !== false,
    temperature: req.temperature ?? 1,
    text: { format: req.text?.format ?? { type: 'text' }, ...(req.text?.verbosity ? { verbosity: req.text.verbosity } : {}) },
    tool_choice: req.tool_choice ?? 'auto',
    tools,
    top_p: req.top_p ?? 1,
    truncation: 'disabled',
    background: false,
    ...(req.user !== undefined ? { user: req.user } : {}),
  };
  return { id: responseIdOf(requestId), createdAt: Math.floor(now / 1000), echo };
}

/** The Response object in a given state (the stream's snapshots and the plain answer alike). */
export function responseObject(frame: ResponseFrame, state: ResponseState, now = Date.now()): Json {
  const { model, ...rest } = frame.echo;
  return {
    id: frame.id,
    object: 'response',
    created_at: frame.createdAt,
    status: state.status,
    completed_at: state.status === 'completed' ? Math.floor(now / 1000) : null,
    error: state.error ?? null,
    incomplete_details: state.incompleteReason ? { reason: state.incompleteReason } : null,
    model,
    output: state.output,
    // Not nullable in OpenAI's schema: absent until known.
    ...(state.usage ? { usage: state.usage } : {}),
    ...rest,
  };
}

type ChatUsage = {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
  cost_micros?: number;
};

const int = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);

/** Chat usage → Responses usage (the same counts billing books, named as the Responses API names them). */
export function responseUsageOf(raw: unknown): ResponseUsage | null {
  if (!raw || typeof raw !== 'object') return null;
  const u = raw as ChatUsage;
  const input = int(u.prompt_tokens);
  const output = int(u.completion_tokens);
  const usage: ResponseUsage = {
    input_tokens: input,
    input_tokens_details: { cached_tokens: int(u.prompt_tokens_details?.cached_tokens), cache_write_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: int(u.completion_tokens_details?.reasoning_tokens) },
    total_tokens: input + output,
  };
  if (typeof u.cost_micros === 'number') usage.cost_micros = u.cost_micros;
  return usage;
}

/** A chat finish reason → the Response's status (and why it is incomplete). */
export function statusOf(finish: unknown): Pick<ResponseState, 'status' | 'incompleteReason'> {
  if (finish === 'length') return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
  if (finish === 'content_filter') return { status: 'incomplete', incompleteReason: 'content_filter' };
  return { status: 'completed', incompleteReason: null };
}

type ChatChoice = {
  message?: { content?: string | null; refusal?: string | null; tool_calls?: { id?: string; function?: { name?: string; arguments?: string } }[] | null };
  finish_reason?: string | null;
};

/** A plain chat completion → the Response object. `usage` is what the call was billed for. */
export function responseFromChat(frame: ResponseFrame, completion: Json, usage: ResponseUsage | null): Json {
  const choice = ((completion.choices as ChatChoice[] | undefined) ?? [])[0] ?? {};
  const { status, incompleteReason } = statusOf(choice.finish_reason);
  const itemStatus = status === 'completed' ? 'completed' : 'incomplete';
  const output: OutputItem[] = [];
  const content: MessageItem['content'] = [];
  const text = choice.message?.content;
  if (typeof text === 'string' && text.length > 0) content.push({ type: 'output_text', text, annotations: [], logprobs: [] });
  const refusal = choice.message?.refusal;
  if (typeof refusal === 'string' && refusal.length > 0) content.push({ type: 'refusal', refusal });
  if (content.length) output.push({ type: 'message', id: itemIdOf(frame, 'msg', 0), status: itemStatus, role: 'assistant', content });
  for (const call of choice.message?.tool_calls ?? []) {
    const index = output.length;
    output.push({
      type: 'function_call',
      id: itemIdOf(frame, 'fc', index),
      status: itemStatus,
      call_id: call.id ?? itemIdOf(frame, 'fc', index).replace(/^fc_/, 'call_'),
      name: call.function?.name ?? '',
      arguments: call.function?.arguments ?? '',
    });
  }
  return responseObject(frame, { status, incompleteReason, output, usage });
}
