/** OpenAI `chat.completion.chunk` objects → Anthropic Messages stream events, one chunk at a time. */
import { estimateTokens } from './token-usage';
import { openAiErrorToAnthropic } from './anthropic-errors';
import type { AnthropicErrorBody, AnthropicMessage, AnthropicSseEvent, AnthropicStopReason, AnthropicStreamEvent } from './anthropic-types';
import { anthropicIdFrom, anthropicUsageFromOpenAi, isRecord, randomSuffix, stopReasonFromOpenAi } from './mapping';
import type { OpenAiUsage } from './openai-types';

export interface OpenAiStreamOptions {
  /** `usage.input_tokens` announced in `message_start` (the real figure follows in `message_delta`); default 0. */
  inputTokens?: number;
}

const sse = (data: AnthropicStreamEvent): AnthropicSseEvent => ({ event: data.type, data });

export class OpenAiStreamToAnthropic {
  /** The upstream's usage as it reported it (OpenAI shape), once the usage chunk arrived. */
  usage: OpenAiUsage | null = null;
  /** Set when the upstream sent an error object mid-stream. */
  error: AnthropicErrorBody | null = null;
  stopReason: AnthropicStopReason | null = null;
  /** Characters of text and tool arguments relayed: the basis of the estimate when no usage arrives. */
  deliveredChars = 0;

  private started = false;
  private stopped = false;
  private nextIndex = 0;
  /** The Anthropic block currently open (blocks are strictly sequential). */
  private open: { index: number; kind: 'text' | 'tool' } | null = null;
  /** OpenAI tool call index → Anthropic block index. */
  private readonly toolBlocks = new Map<number, number>();

  constructor(
    private readonly model: string,
    private readonly opts: OpenAiStreamOptions = {},
  ) {}

  /** The keep-alive event Anthropic streams carry; the SDK skips it. */
  static ping(): AnthropicSseEvent {
    return sse({ type: 'ping' });
  }

  /** True once `message_stop` was produced. */
  get done(): boolean {
    return this.stopped;
  }

  /** One parsed OpenAI chunk (or mid-stream `{"error":{...}}` object) → the events to emit now. */
  push(chunk: unknown): AnthropicSseEvent[] {
    if (!isRecord(chunk) || this.stopped || this.error) return [];
    if (isRecord(chunk.error)) {
      this.error = openAiErrorToAnthropic(0, chunk);
      return [sse({ type: 'error', error: this.error.error })];
    }
    const out = this.start(chunk.id);
    const choice: unknown = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    if (isRecord(choice)) {
      const delta = choice.delta;
      if (isRecord(delta)) {
        out.push(...this.text(delta.content), ...this.text(delta.refusal));
        if (Array.isArray(delta.tool_calls)) delta.tool_calls.forEach((tc: unknown, i) => out.push(...this.toolCall(tc, i)));
      }
      if (typeof choice.finish_reason === 'string' && this.stopReason === null) {
        out.push(...this.closeBlock());
        this.stopReason = this.stopReasonFor(choice.finish_reason);
      }
    }
    if (isRecord(chunk.usage)) this.usage = chunk.usage as unknown as OpenAiUsage;
    if (this.stopReason !== null && this.usage) out.push(...this.end());
    return out;
  }

  /**
   * Ends the message: closes any open block and emits `message_delta` + `message_stop` unless already sent.
   * Call it at `[DONE]` or when the upstream ends (without a usage chunk the output count is estimated).
   */
  finish(): AnthropicSseEvent[] {
    if (this.stopped || this.error) return [];
    const out = [...this.start(undefined), ...this.closeBlock()];
    this.stopReason ??= this.stopReasonFor('stop');
    return [...out, ...this.end()];
  }

  private start(id: unknown): AnthropicSseEvent[] {
    if (this.started) return [];
    this.started = true;
    const usage = { input_tokens: this.opts.inputTokens ?? 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    const message: AnthropicMessage = {
      id: anthropicIdFrom(id),
      type: 'message',
      role: 'assistant',
      model: this.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage,
    };
    return [sse({ type: 'message_start', message })];
  }

  private text(text: unknown): AnthropicSseEvent[] {
    if (typeof text !== 'string' || text.length === 0) return [];
    const out: AnthropicSseEvent[] = [];
    if (this.open?.kind !== 'text') {
      out.push(...this.closeBlock());
      this.open = { index: this.nextIndex++, kind: 'text' };
      out.push(sse({ type: 'content_block_start', index: this.open.index, content_block: { type: 'text', text: '' } }));
    }
    this.deliveredChars += text.length;
    out.push(sse({ type: 'content_block_delta', index: this.open.index, delta: { type: 'text_delta', text } }));
    return out;
  }

  /**
   * A new tool index opens a `tool_use` block. Arguments for a call whose block is already closed (a server
   * interleaving parallel calls) still go out at that block's own index rather than being lost.
   */
  private toolCall(tc: unknown, position: number): AnthropicSseEvent[] {
    if (!isRecord(tc)) return [];
    const key = typeof tc.index === 'number' ? tc.index : position;
    const fn = isRecord(tc.function) ? tc.function : {};
    const out: AnthropicSseEvent[] = [];
    let index = this.toolBlocks.get(key);
    if (index === undefined) {
      out.push(...this.closeBlock());
      index = this.nextIndex++;
      this.toolBlocks.set(key, index);
      this.open = { index, kind: 'tool' };
      const id = typeof tc.id === 'string' && tc.id ? tc.id : `toolu_${randomSuffix()}`;
      const name = typeof fn.name === 'string' ? fn.name : '';
      out.push(sse({ type: 'content_block_start', index, content_block: { type: 'tool_use', id, name, input: {} } }));
    }
    if (typeof fn.arguments === 'string' && fn.arguments.length > 0) {
      this.deliveredChars += fn.arguments.length;
      out.push(sse({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: fn.arguments } }));
    }
    return out;
  }

  private closeBlock(): AnthropicSseEvent[] {
    if (!this.open) return [];
    const index = this.open.index;
    this.open = null;
    return [sse({ type: 'content_block_stop', index })];
  }

  /** Some OpenAI-compatible servers finish tool calls with "stop". */
  private stopReasonFor(finish: string): AnthropicStopReason {
    return this.toolBlocks.size > 0 && finish === 'stop' ? 'tool_use' : stopReasonFromOpenAi(finish);
  }

  private end(): AnthropicSseEvent[] {
    this.stopped = true;
    const usage = this.usage ? anthropicUsageFromOpenAi(this.usage) : { output_tokens: estimateTokens(this.deliveredChars) };
    return [sse({ type: 'message_delta', delta: { stop_reason: this.stopReason, stop_sequence: null }, usage }), sse({ type: 'message_stop' })];
  }
}
