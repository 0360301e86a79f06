/** OpenAI `chat.completion.chunk` objects → the Responses API's typed stream events, one chunk at a time (pure). */
import { estimateTokens } from '../translate/token-usage';
import {
  FunctionCallItem,
  itemIdOf,
  MessageItem,
  OutputItem,
  ResponseFrame,
  responseObject,
  ResponseState,
  responseUsageOf,
  ResponseUsage,
  statusOf,
} from './response-object';

type Json = Record<string, unknown>;

/** One event: its `type` is also the SSE `event:` name. */
export type ResponseEvent = Json & { type: string; sequence_number: number };

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

type PartKind = 'output_text' | 'refusal';

export class ChatStreamToResponseEvents {
  /** Characters of text and tool arguments relayed: the estimate when the upstream reports no usage (as the relay counts). */
  deliveredChars = 0;

  private seq = 0;
  private started = false;
  private ended = false;
  private finish: unknown = null;
  private usage: ResponseUsage | null = null;
  private readonly output: OutputItem[] = [];
  /** The message item being written, and its open content part. */
  private message: { index: number; item: MessageItem; part: PartKind | null } | null = null;
  /** Chat tool-call index → output index; function calls stay open until the choice finishes. */
  private readonly calls = new Map<number, number>();

  constructor(
    private readonly frame: ResponseFrame,
    /** The prompt's estimated tokens, for usage when the upstream reports none. */
    private readonly promptTokens: number,
  ) {}

  /** True once a terminal event (`response.completed`, `.incomplete` or `.failed`) went out. */
  get done(): boolean {
    return this.ended;
  }

  /** One parsed chunk (or a mid-stream `{"error": …}` object) → the events to send now. */
  push(chunk: unknown): ResponseEvent[] {
    if (!isRecord(chunk) || this.ended) return [];
    const out = this.start();
    if (isRecord(chunk.error)) return [...out, ...this.fail(String(chunk.error.message ?? 'The upstream provider reported an error.'), true)];
    const choice: unknown = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    if (isRecord(choice)) {
      const delta = choice.delta;
      if (isRecord(delta)) {
        out.push(...this.text('output_text', delta.content), ...this.text('refusal', delta.refusal));
        if (Array.isArray(delta.tool_calls)) delta.tool_calls.forEach((tc: unknown, i) => out.push(...this.toolCall(tc, i)));
      }
      if (typeof choice.finish_reason === 'string' && this.finish === null) {
        this.finish = choice.finish_reason;
        out.push(...this.closeAll());
      }
    }
    if (isRecord(chunk.usage)) this.usage = responseUsageOf(chunk.usage);
    return out;
  }

  /** The upstream finished (`[DONE]`): close what is open and send the terminal event. */
  end(): ResponseEvent[] {
    if (this.ended) return [];
    const out = [...this.start(), ...this.closeAll()];
    const { status, incompleteReason } = statusOf(this.finish);
    this.ended = true;
    const usage = this.usage ?? this.estimate();
    out.push(
      this.event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: this.snapshot({ status, incompleteReason, usage }) }),
    );
    return out;
  }

  /** The stream broke off (or the upstream sent an error): `response.failed`, with an `error` event first when the upstream sent one. */
  fail(message: string, upstreamError = false): ResponseEvent[] {
    if (this.ended) return [];
    const out = this.start();
    this.ended = true;
    if (upstreamError) out.push(this.event('error', { code: 'server_error', message, param: null }));
    out.push(this.event('response.failed', { response: this.snapshot({ status: 'failed', usage: null, error: { code: 'server_error', message } }) }));
    return out;
  }

  private start(): ResponseEvent[] {
    if (this.started) return [];
    this.started = true;
    const response = this.snapshot({ status: 'in_progress', usage: null });
    return [this.event('response.created', { response }), this.event('response.in_progress', { response })];
  }

  private text(kind: PartKind, text: unknown): ResponseEvent[] {
    if (typeof text !== 'string' || text.length === 0) return [];
    const out: ResponseEvent[] = [];
    if (!this.message) {
      const index = this.output.length;
      const item: MessageItem = { type: 'message', id: itemIdOf(this.frame, 'msg', index), status: 'in_progress', role: 'assistant', content: [] };
      this.output.push(item);
      this.message = { index, item, part: null };
      out.push(this.event('response.output_item.added', { output_index: index, item: clone(item) }));
    }
    const m = this.message;
    if (m.part !== kind) {
      out.push(...this.closePart());
      m.part = kind;
      m.item.content.push(kind === 'output_text' ? { type: 'output_text', text: '', annotations: [], logprobs: [] } : { type: 'refusal', refusal: '' });
      out.push(this.event('response.content_part.added', { ...this.partRef(), part: clone(m.item.content.at(-1)) }));
    }
    const part = m.item.content.at(-1)!;
    if (part.type === 'output_text') {
      part.text += text;
      this.deliveredChars += text.length;
      out.push(this.event('response.output_text.delta', { ...this.partRef(), delta: text, logprobs: [] }));
    } else {
      part.refusal += text;
      out.push(this.event('response.refusal.delta', { ...this.partRef(), delta: text }));
    }
    return out;
  }

  /** A new chat tool-call index opens a `function_call` item (closing the message before it); arguments stream as deltas. */
  private toolCall(tc: unknown, position: number): ResponseEvent[] {
    if (!isRecord(tc)) return [];
    const key = typeof tc.index === 'number' ? tc.index : position;
    const fn = isRecord(tc.function) ? tc.function : {};
    const out: ResponseEvent[] = [];
    let index = this.calls.get(key);
    if (index === undefined) {
      out.push(...this.closeMessage());
      index = this.output.length;
      const id = itemIdOf(this.frame, 'fc', index);
      const item: FunctionCallItem = {
        type: 'function_call',
        id,
        status: 'in_progress',
        call_id: typeof tc.id === 'string' && tc.id ? tc.id : id.replace(/^fc_/, 'call_'),
        name: typeof fn.name === 'string' ? fn.name : '',
        arguments: '',
      };
      this.output.push(item);
      this.calls.set(key, index);
      out.push(this.event('response.output_item.added', { output_index: index, item: clone(item) }));
    }
    const item = this.output[index] as FunctionCallItem;
    if (typeof fn.arguments === 'string' && fn.arguments.length > 0) {
      item.arguments += fn.arguments;
      this.deliveredChars += fn.arguments.length;
      out.push(this.event('response.function_call_arguments.delta', { item_id: item.id, output_index: index, delta: fn.arguments }));
    }
    return out;
  }

  private partRef() {
    const m = this.message!;
    return { item_id: m.item.id, output_index: m.index, content_index: m.item.content.length - 1 };
  }

  private closePart(): ResponseEvent[] {
    const m = this.message;
    if (!m?.part) return [];
    const part = m.item.content.at(-1)!;
    m.part = null;
    const ref = { item_id: m.item.id, output_index: m.index, content_index: m.item.content.length - 1 };
    const done =
      part.type === 'output_text'
        ? this.event('response.output_text.done', { ...ref, text: part.text, logprobs: [] })
        : this.event('response.refusal.done', { ...ref, refusal: part.refusal });
    return [done, this.event('response.content_part.done', { ...ref, part: clone(part) })];
  }

  private closeMessage(): ResponseEvent[] {
    const m = this.message;
    if (!m) return [];
    const out = this.closePart();
    this.message = null;
    m.item.status = this.itemStatus();
    out.push(this.event('response.output_item.done', { output_index: m.index, item: clone(m.item) }));
    return out;
  }

  private closeAll(): ResponseEvent[] {
    const out = this.closeMessage();
    for (const index of [...this.calls.values()].sort((a, b) => a - b)) {
      const item = this.output[index] as FunctionCallItem;
      if (item.status !== 'in_progress') continue;
      item.status = this.itemStatus();
      out.push(this.event('response.function_call_arguments.done', { item_id: item.id, output_index: index, name: item.name, arguments: item.arguments }));
      out.push(this.event('response.output_item.done', { output_index: index, item: clone(item) }));
    }
    return out;
  }

  private itemStatus(): 'completed' | 'incomplete' {
    return this.finish === null || statusOf(this.finish).status === 'completed' ? 'completed' : 'incomplete';
  }

  /** The relay's own count when the upstream reported none: what billing books then. */
  private estimate(): ResponseUsage {
    const output = estimateTokens(this.deliveredChars);
    return responseUsageOf({ prompt_tokens: this.promptTokens, completion_tokens: output })!;
  }

  private snapshot(state: Omit<ResponseState, 'output'>): Json {
    return responseObject(this.frame, { ...state, output: clone(this.output) });
  }

  private event(type: string, fields: Json): ResponseEvent {
    return { type, sequence_number: this.seq++, ...fields };
  }
}

function clone<T>(v: T): T {
  return structuredClone(v);
}
