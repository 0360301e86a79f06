/** Anthropic Messages stream events → OpenAI `chat.completion.chunk` objects, one event at a time. */
import { anthropicErrorToOpenAi } from './anthropic-errors';
import type { AnthropicUsage } from './anthropic-types';
import { finishReasonFromAnthropic, isRecord, isTextBlock, isToolUseBlock, nowSeconds, openAiIdFrom, openAiUsageFromAnthropic } from './mapping';
import type { OpenAiChunk, OpenAiDelta, OpenAiErrorBody, OpenAiFinishReason, OpenAiUsage } from './openai-types';

/** What to write to the client, each as `data: <json>`: a chunk, or (after an upstream `error` event) an error object. */
export type OpenAiStreamItem = OpenAiChunk | OpenAiErrorBody;

export interface AnthropicStreamOptions {
  /** OpenAI's `created` (seconds); default now. */
  created?: number;
  /** Emit the final usage chunk (`choices: []`) at `message_stop`; default true. `usage` is tracked either way. */
  includeUsage?: boolean;
}

type UsageSoFar = { [K in keyof AnthropicUsage]?: number };

export class AnthropicStreamToOpenAi {
  /** The final usage in OpenAI's shape, once the upstream reported any. */
  usage: OpenAiUsage | null = null;
  /** Set when the upstream sent an `error` event. */
  error: OpenAiErrorBody | null = null;
  finishReason: OpenAiFinishReason | null = null;

  private id = openAiIdFrom(undefined);
  private readonly created: number;
  private readonly includeUsage: boolean;
  private started = false;
  private stopped = false;
  private readonly toolIndex = new Map<number, number>();
  private counts: UsageSoFar | null = null;

  constructor(
    private readonly model: string,
    opts: AnthropicStreamOptions = {},
  ) {
    this.created = opts.created ?? nowSeconds();
    this.includeUsage = opts.includeUsage ?? true;
  }

  /** True once `message_stop` (or {@link finish}) closed the stream normally. */
  get done(): boolean {
    return this.stopped;
  }

  /** One parsed Anthropic event (the JSON of its `data:` line) → the chunks to emit now. */
  push(event: unknown): OpenAiStreamItem[] {
    if (!isRecord(event) || this.stopped || this.error) return [];
    switch (event.type) {
      case 'message_start':
        return this.onStart(event.message);
      case 'content_block_start':
        return this.onBlockStart(Number(event.index), event.content_block);
      case 'content_block_delta':
        return this.onBlockDelta(Number(event.index), event.delta);
      case 'message_delta':
        return this.onMessageDelta(event.delta, event.usage);
      case 'message_stop':
        return this.finish();
      case 'error':
        this.error = anthropicErrorToOpenAi(0, event);
        return [this.error];
      default:
        return []; // ping, content_block_stop, events this translator does not know
    }
  }

  /**
   * Closes the stream: the finish chunk if none was sent, then the usage chunk. Called for `message_stop`;
   * call it yourself only to close a stream the upstream ended early (`done` tells whether it ended properly).
   */
  finish(): OpenAiStreamItem[] {
    if (this.stopped || this.error) return [];
    const out = this.role();
    if (this.finishReason === null) {
      this.finishReason = 'stop';
      out.push(this.chunk({}, 'stop'));
    }
    this.stopped = true;
    if (this.counts) this.usage = openAiUsageFromAnthropic(this.counts);
    if (this.usage && this.includeUsage) {
      out.push({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage: this.usage });
    }
    return out;
  }

  private onStart(message: unknown): OpenAiStreamItem[] {
    if (isRecord(message)) {
      if (typeof message.id === 'string') this.id = openAiIdFrom(message.id);
      this.addUsage(message.usage);
    }
    return this.role();
  }

  private onBlockStart(index: number, block: unknown): OpenAiStreamItem[] {
    const out = this.role();
    if (isTextBlock(block) && block.text) out.push(this.chunk({ content: block.text }));
    else if (isToolUseBlock(block)) {
      const n = this.toolIndex.size;
      this.toolIndex.set(index, n);
      const input = block.input;
      const args = isRecord(input) && Object.keys(input).length > 0 ? JSON.stringify(input) : '';
      out.push(this.chunk({ tool_calls: [{ index: n, id: block.id, type: 'function', function: { name: block.name, arguments: args } }] }));
    }
    return out; // thinking and server-tool blocks have no OpenAI counterpart
  }

  private onBlockDelta(index: number, delta: unknown): OpenAiStreamItem[] {
    if (!isRecord(delta)) return [];
    if (delta.type === 'text_delta' && typeof delta.text === 'string' && delta.text) return [...this.role(), this.chunk({ content: delta.text })];
    const n = this.toolIndex.get(index);
    if (delta.type === 'input_json_delta' && n !== undefined && typeof delta.partial_json === 'string' && delta.partial_json) {
      return [...this.role(), this.chunk({ tool_calls: [{ index: n, function: { arguments: delta.partial_json } }] })];
    }
    return [];
  }

  private onMessageDelta(delta: unknown, usage: unknown): OpenAiStreamItem[] {
    this.addUsage(usage);
    const reason = isRecord(delta) ? delta.stop_reason : undefined;
    if (typeof reason !== 'string' || this.finishReason !== null) return [];
    this.finishReason = finishReasonFromAnthropic(reason);
    return [...this.role(), this.chunk({}, this.finishReason)];
  }

  /** Usage counters are cumulative totals: a later non-null value replaces the earlier one. */
  private addUsage(usage: unknown): void {
    if (!isRecord(usage)) return;
    this.counts ??= {};
    for (const key of ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const) {
      const v = usage[key];
      if (typeof v === 'number') this.counts[key] = v;
    }
  }

  /** The opening `role: assistant` chunk, once. */
  private role(): OpenAiStreamItem[] {
    if (this.started) return [];
    this.started = true;
    return [this.chunk({ role: 'assistant', content: '' })];
  }

  private chunk(delta: OpenAiDelta, finish: OpenAiFinishReason | null = null): OpenAiChunk {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    };
  }
}
