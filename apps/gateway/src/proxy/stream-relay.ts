import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { estimateTokens, fromOpenAiUsage, TokenUsage } from '../usage/token-usage';
import { dataOf, SseSplitter } from './sse';

export interface RelayResult {
  /** 200 when the upstream finished the stream, 499 when the client left, 502 when the upstream broke off. */
  status: number;
  usage: TokenUsage;
  ttftMs: number | null;
}

const CUT_EVENT = `data: ${JSON.stringify({
  error: { message: 'The upstream provider ended the stream unexpectedly.', type: 'server_error', param: null, code: 'upstream_error' },
})}\n\n`;

/**
 * Forwards an upstream SSE stream event by event, as each one completes: nothing is held
 * back beyond the end of the current event. Captures the upstream's usage; drops the usage
 * chunk when the client did not ask for it; counts delivered text for the estimate.
 */
export async function relayStream(
  upstream: Readable,
  out: ServerResponse,
  opts: { clientWantsUsage: boolean; promptChars: number; startedAt: number; signal: AbortSignal; costOf: (u: TokenUsage) => number },
): Promise<RelayResult> {
  const splitter = new SseSplitter();
  const decoder = new TextDecoder();
  let usage: TokenUsage | null = null;
  let deliveredChars = 0;
  let ttftMs: number | null = null;
  let done = false;

  const forward = async (event: string): Promise<void> => {
    const data = dataOf(event);
    if (data === null) return;
    if (data === '[DONE]') done = true;
    else {
      const parsed = inspect(data, opts.clientWantsUsage, opts.costOf);
      if (parsed.usage) usage = parsed.usage;
      deliveredChars += parsed.chars;
      if (parsed.drop) return;
      event = parsed.rewritten ?? event;
    }
    if (ttftMs === null) ttftMs = Date.now() - opts.startedAt;
    if (!out.write(`${event}\n\n`)) await waitDrain(out, opts.signal);
  };

  let status = 200;
  try {
    for await (const chunk of upstream) {
      for (const event of splitter.push(decoder.decode(chunk as Buffer, { stream: true }))) await forward(event);
    }
    const rest = splitter.rest();
    if (rest) await forward(rest);
    if (!done) {
      status = 502;
      out.write(CUT_EVENT);
    }
  } catch {
    status = opts.signal.aborted ? 499 : 502;
    if (!opts.signal.aborted && !out.destroyed) out.write(CUT_EVENT);
  } finally {
    if (!out.destroyed) out.end();
  }
  const counted: TokenUsage = { promptTokens: estimateTokens(opts.promptChars), completionTokens: estimateTokens(deliveredChars), cachedTokens: 0, estimated: true };
  return { status, usage: usage ?? counted, ttftMs };
}

interface Inspected {
  usage: TokenUsage | null;
  chars: number;
  drop: boolean;
  rewritten?: string;
}

function inspect(data: string, clientWantsUsage: boolean, costOf: (u: TokenUsage) => number): Inspected {
  let obj: { choices?: { delta?: { content?: string | null; tool_calls?: { function?: { arguments?: string } }[] } }[]; usage?: Record<string, unknown> };
  try {
    obj = JSON.parse(data);
  } catch {
    return { usage: null, chars: 0, drop: false };
  }
  let chars = 0;
  for (const c of obj.choices ?? []) {
    chars += c.delta?.content?.length ?? 0;
    for (const t of c.delta?.tool_calls ?? []) chars += t.function?.arguments?.length ?? 0;
  }
  const usage = obj.usage ? fromOpenAiUsage(obj.usage) : null;
  if (!usage) return { usage, chars, drop: false };
  if (clientWantsUsage) {
    // The customer sees what the call cost, in micro-units, beside the token counts.
    obj.usage!.cost_micros = costOf(usage);
    return { usage, chars, drop: false, rewritten: `data: ${JSON.stringify(obj)}` };
  }
  if (!obj.choices || obj.choices.length === 0) return { usage, chars, drop: true };
  delete obj.usage;
  return { usage, chars, drop: false, rewritten: `data: ${JSON.stringify(obj)}` };
}

function waitDrain(out: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    out.once('drain', done);
    out.once('close', done);
    signal.addEventListener('abort', done);
  });
}
