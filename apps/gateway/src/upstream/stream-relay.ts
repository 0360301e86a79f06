import type { StreamItem } from './provider-adapter';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import { estimateTokens, fromOpenAiUsage, TokenUsage } from '../translate/token-usage';

/** Where a relayed stream goes: the OpenAI SSE writer, or one that translates to Anthropic events. */
export interface StreamWriter {
  /** Writes the response head; called once, just before the first event. */
  open(): void;
  /** One OpenAI chunk (JSON text). Resolves when the client can take more. */
  chunk(data: string): Promise<void>;
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
export async function relayStream(items: AsyncIterable<StreamItem>, out: StreamWriter, opts: RelayOptions): Promise<RelayResult> {
  let usage: TokenUsage | null = null;
  let chars = 0;
  let ttftMs: number | null = null;
  let done = false;
  let status = 200;
  try {
    for await (const item of items) {
      if (item.data === '[DONE]') {
        done = true;
        continue;
      }
      const seen = opts.inspect ? opts.inspect(item.data) : inspect(item.data, opts);
      if (seen.done) done = true;
      if (seen.usage) usage = seen.usage;
      chars += seen.chars;
      if (seen.drop) continue;
      if (ttftMs === null) {
        out.open();
        ttftMs = Date.now() - opts.startedAt;
      }
      await out.chunk(seen.data);
    }
    if (!done) throw cutError();
    if (ttftMs === null) out.open();
    out.done();
  } catch (err) {
    if (opts.signal.aborted) status = 499;
    else if (ttftMs === null) return { started: false, error: err instanceof GatewayError ? err : cutError() };
    else {
      status = 502;
      out.cut(err instanceof GatewayError && err.code === 'upstream_timeout' ? err : cutError());
    }
  } finally {
    if (ttftMs !== null || done) out.end();
  }
  const counted: TokenUsage = { promptTokens: estimateTokens(opts.promptChars), completionTokens: estimateTokens(chars), cachedTokens: 0, estimated: true };
  return { started: true, status, usage: usage ?? counted, ttftMs };
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
