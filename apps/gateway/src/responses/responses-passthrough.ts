/** POST /v1/responses passed as is to an upstream that speaks the Responses API (provider kind `openai-responses`). */
import type { GatewayError } from '../errors/gateway.error';
import { speaksResponses } from '../upstream/provider-registry';
import type { NativeOutput } from '../calls/chat.service';
import { openEventStream, write } from '../calls/openai-stream-writer';
import type { Reply } from '../http/reply';
import type { Inspected, StreamWriter } from '../upstream/stream-relay';
import { estimateTokens, TokenUsage } from '../translate/token-usage';
import type { ResponseFrame } from './response-object';
import type { KeepResponse } from './responses-output';
import type { ResponsesRequest } from './responses.request';

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const int = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);
const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);
const KEPT = new Set(['response.completed', 'response.incomplete']);

/** The Responses API's usage as billing counts chat's: reasoning tokens are part of `output_tokens`, as of `completion_tokens`. */
export function tokenUsageOfResponse(raw: unknown): TokenUsage | null {
  if (!isRecord(raw)) return null;
  const cached = isRecord(raw.input_tokens_details) ? raw.input_tokens_details.cached_tokens : 0;
  return { promptTokens: int(raw.input_tokens), completionTokens: int(raw.output_tokens), cachedTokens: int(cached), estimated: false };
}

/**
 * The request as a Responses upstream gets it: the target's model, `store: false` (the upstream keeps
 * nothing; Tollgate keeps the answer itself), the stored chain resolved into `input` in place of
 * `previous_response_id`, and the output cap the credit hold assumed when the caller set none.
 */
export function passthroughBody(request: ResponsesRequest, chain: Json[] | null, upstreamModel: string, cap: number | null): Json {
  const { previous_response_id: _previous, ...rest } = request;
  const body: Json = { ...rest, model: upstreamModel, store: false };
  if (chain) {
    // Tollgate's ids are its own: an upstream keeping nothing would look them up in vain.
    const earlier = chain.map((item) => {
      if (item.type === 'reasoning') return item;
      const { id: _id, ...kept } = item;
      return kept;
    });
    const input = typeof request.input === 'string' ? [{ role: 'user', content: request.input }] : request.input;
    body.input = [...earlier, ...input];
  }
  if (cap !== null && request.max_output_tokens == null) body.max_output_tokens = cap;
  return body;
}

/** The upstream's Response as the caller's: Tollgate's id, the caller's model name and own settings (not the cap or store Tollgate set upstream). */
function asCallers(response: Json, frame: ResponseFrame): Json {
  response.id = frame.id;
  response.model = frame.echo.model;
  response.store = frame.echo.store;
  response.previous_response_id = frame.echo.previous_response_id;
  response.max_output_tokens = frame.echo.max_output_tokens;
  return response;
}

/** The answer's text and arguments at four characters a token, and the hold's prompt estimate: what is billed when the upstream reports no usage. */
function estimatedUsage(json: Json, promptTokens: number): TokenUsage {
  let chars = 0;
  for (const item of Array.isArray(json.output) ? json.output : []) {
    if (!isRecord(item)) continue;
    if (typeof item.arguments === 'string') chars += item.arguments.length;
    for (const part of Array.isArray(item.content) ? item.content : []) if (isRecord(part) && typeof part.text === 'string') chars += part.text.length;
  }
  return { promptTokens, completionTokens: estimateTokens(chars), cachedTokens: 0, estimated: true };
}

/** `promptTokens`: the prompt as the hold measured it, for a plain answer without usage. */
export function responsesPassthrough(
  request: ResponsesRequest,
  chain: Json[] | null,
  frame: ResponseFrame,
  promptTokens: number,
  keep?: KeepResponse,
): NativeOutput {
  return {
    speaks: speaksResponses,
    body: (upstreamModel, cap) => passthroughBody(request, chain, upstreamModel, cap),
    usage: (json) => tokenUsageOfResponse(json.usage) ?? estimatedUsage(json, promptTokens),
    json: async (reply, json, cost) => {
      const body = asCallers(json, frame);
      if (keep && (body.status === 'completed' || body.status === 'incomplete')) await keep(body);
      await reply.status(200).header('x-tollgate-cost', String(cost)).type('application/json').send(JSON.stringify(body));
    },
    inspect: (data, costOf) => inspectEvent(data, frame, costOf),
    stream: (reply) => new PassthroughWriter(reply, keep),
  };
}

/** One upstream event: the caller's id and model in its Response, `cost_micros` beside the terminal usage. */
function inspectEvent(data: string, frame: ResponseFrame, costOf: (u: TokenUsage) => number): Inspected {
  let event: Json;
  try {
    event = JSON.parse(data) as Json;
  } catch {
    return { data, usage: null, chars: 0, drop: false };
  }
  if (!isRecord(event)) return { data, usage: null, chars: 0, drop: false };
  const type = String(event.type);
  const chars =
    (type === 'response.output_text.delta' || type === 'response.function_call_arguments.delta') && typeof event.delta === 'string' ? event.delta.length : 0;
  let usage: TokenUsage | null = null;
  if (isRecord(event.response)) {
    const response = asCallers(event.response, frame);
    usage = TERMINAL.has(type) ? tokenUsageOfResponse(response.usage) : null;
    if (usage && isRecord(response.usage)) response.usage.cost_micros = costOf(usage);
  }
  return { data: JSON.stringify(event), usage, chars, drop: false, done: TERMINAL.has(type) };
}

/** Writes the upstream's events as they arrive (`event: <type>`), keeping the finished Response before its terminal event leaves. */
class PassthroughWriter implements StreamWriter {
  private lastSeq = -1;
  private last: Json | null = null;

  constructor(
    private readonly reply: Reply,
    private readonly keep?: KeepResponse,
  ) {}

  open(): void {
    openEventStream(this.reply);
  }

  chunk(data: string): void | Promise<void> {
    let event: Json = {};
    try {
      event = JSON.parse(data) as Json;
    } catch {
      // passed on as it came
    }
    if (typeof event.sequence_number === 'number') this.lastSeq = event.sequence_number;
    if (isRecord(event.response)) this.last = event.response;
    const text = `${typeof event.type === 'string' ? `event: ${event.type}\n` : ''}data: ${data}\n\n`;
    // The finished Response is stored before its terminal event leaves, so a next turn right after it finds it.
    if (this.keep && KEPT.has(String(event.type)) && this.last) return this.keep(this.last).then(() => write(this.reply, text));
    return write(this.reply, text);
  }

  done(): void {}

  /** The upstream broke off: `response.failed`, numbered after its last event. */
  cut(error: GatewayError): void {
    const response = { ...(this.last ?? {}), status: 'failed', error: { code: 'server_error', message: error.message } };
    const event = { type: 'response.failed', sequence_number: this.lastSeq + 1, response };
    void write(this.reply, `event: response.failed\ndata: ${JSON.stringify(event)}\n\n`);
  }

  end(): void {
    if (!this.reply.raw.destroyed) this.reply.raw.end();
  }
}
