import type { ItemSource } from './sse-source';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import { estimateTokens, fromOpenAiUsage, TokenUsage } from '../translate/token-usage';

/** Where a relayed stream goes: the OpenAI SSE writer, or one that translates to Anthropic events. */
export interface StreamWriter {
  /** Writes the response head; called once, just before the first event. */
  open(): void;
  /** One OpenAI chunk (JSON text). A promise: give it nothing more until it settles (the client's buffer is full, or it is storing). */
  chunk(data: string): void | Promise<void>;
  /** The upstream finished the stream. */
  done(): void;
  /** The upstream broke off after the stream had started. */
  cut(error: GatewayError): void;
  end(): void;
}

export type RelayResult =
  | { started: true; status: number; usage: TokenUsage; ttftMs: number | null }
  /** Nothing reached the client: the router may try another target. */
  | { started: false; error: GatewayError };

export interface RelayOptions {
  clientWantsUsage: boolean;
  promptChars: number;
  startedAt: number;
  signal: AbortSignal;
  costOf: (u: TokenUsage) => number;
  /** Reads another API's events instead of chat chunks (the Responses API passed through): `done` marks its terminal event. */
  inspect?: (data: string) => Inspected;
}

const cutError = () => GatewayErrors.upstreamError('The upstream provider ended the stream unexpectedly.', { retryable: true });

/**
 * Forwards an upstream stream chunk by chunk as each arrives. Captures the upstream's usage,
 * drops the usage chunk when the client did not ask for it, counts delivered text for the
 * estimate, and opens the response only with the first chunk so that a target failing
 * before it can be replaced by the next one.
 */
export function relayStream(source: ItemSource, out: StreamWriter, opts: RelayOptions): Promise<RelayResult> {
  const relay = new Relay(out, opts);
  return new Promise((resolve) =>
    source.start(
      (data) => relay.item(data),
      (err) => resolve(relay.end(err)),
    ),
  );
}

class Relay {
  private usage: TokenUsage | null = null;
  private chars = 0;
  private ttftMs: number | null = null;
  private done = false;

  constructor(
    private readonly out: StreamWriter,
    private readonly opts: RelayOptions,
  ) {}

  item(data: string): void | Promise<void> {
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    const seen = this.opts.inspect ? this.opts.inspect(data) : inspect(data, this.opts);
    if (seen.done) this.done = true;
    if (seen.usage) this.usage = seen.usage;
    this.chars += seen.chars;
    if (seen.drop) return;
    if (this.ttftMs === null) {
      this.out.open();
      this.ttftMs = Date.now() - this.opts.startedAt;
    }
    return this.out.chunk(seen.data);
  }

  /** The source ended: `err` is what broke it off, if anything did. */
  end(err?: unknown): RelayResult {
    const { out, opts, ttftMs } = this;
    let status = 200;
    if (err === undefined && !this.done) err = cutError();
    if (err === undefined) {
      if (ttftMs === null) out.open();
      out.done();
    } else if (opts.signal.aborted) status = 499;
    else if (ttftMs === null) return { started: false, error: err instanceof GatewayError ? err : cutError() };
    else {
      status = 502;
      out.cut(err instanceof GatewayError && err.code === 'upstream_timeout' ? err : cutError());
    }
    if (ttftMs !== null || this.done) out.end();
    const counted: TokenUsage = {
      promptTokens: estimateTokens(opts.promptChars),
      completionTokens: estimateTokens(this.chars),
      cachedTokens: 0,
      estimated: true,
    };
    return { started: true, status, usage: this.usage ?? counted, ttftMs: this.ttftMs };
  }
}

export interface Inspected {
  data: string;
  usage: TokenUsage | null;
  chars: number;
  drop: boolean;
  /** The stream's terminal event, where the API has one instead of `[DONE]`. */
  done?: boolean;
}

type Chunk = {
  choices?: { delta?: { content?: string | null; tool_calls?: { function?: { arguments?: string } }[] } }[];
  usage?: Record<string, unknown> | null;
};

function inspect(data: string, opts: RelayOptions): Inspected {
  const quick = textLength(data);
  if (quick !== null) return { data, usage: null, chars: quick, drop: false };
  let obj: Chunk;
  try {
    obj = JSON.parse(data) as Chunk;
  } catch {
    return { data, usage: null, chars: 0, drop: false };
  }
  let chars = 0;
  for (const c of obj.choices ?? []) {
    chars += c.delta?.content?.length ?? 0;
    for (const t of c.delta?.tool_calls ?? []) chars += t.function?.arguments?.length ?? 0;
  }
  const usage = obj.usage ? fromOpenAiUsage(obj.usage) : null;
  if (!usage) return { data, usage, chars, drop: false };
  if (opts.clientWantsUsage) {
    // The customer sees what the call cost, in micro-units, beside the token counts.
    obj.usage!.cost_micros = opts.costOf(usage);
    return { data: JSON.stringify(obj), usage, chars, drop: false };
  }
  if (!obj.choices || obj.choices.length === 0) return { data, usage, chars, drop: true };
  delete obj.usage;
  return { data: JSON.stringify(obj), usage, chars, drop: false };
}

const USAGE_OBJECT = /"usage"\s*:\s*\{/;
const CONTENT_KEY = '"content"';
const STRING_VALUE = /\s*:\s*"/y;
const NULL_VALUE = /\s*:\s*null/y;

/**
 * The generated text's length in a chunk, read without parsing it where that is exact: no usage,
 * no tool calls, one content key at most, holding null or a string without escapes (inside a
 * JSON string a quote is always escaped, so keys cannot be matched in text). Null: parse it.
 */
export function textLength(data: string): number | null {
  if (data.includes('"tool_calls"') || USAGE_OBJECT.test(data)) return null;
  const key = data.indexOf(CONTENT_KEY);
  if (key < 0) return 0;
  if (data.indexOf(CONTENT_KEY, key + 1) >= 0) return null;
  NULL_VALUE.lastIndex = STRING_VALUE.lastIndex = key + CONTENT_KEY.length;
  if (NULL_VALUE.test(data)) return 0;
  if (!STRING_VALUE.test(data)) return null;
  const start = STRING_VALUE.lastIndex;
  const end = data.indexOf('"', start);
  return end < 0 || data.lastIndexOf('\\', end) >= start ? null : end - start;
}
