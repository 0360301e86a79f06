/** Anthropic's native Messages API on the mock: `POST /v1/messages`, plain and streamed, in Anthropic's own shapes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { planAnthropic, type AnthropicPlan } from './anthropic-content';
import { answerAfter, RequestTimers, sendJson, writeSseFrames } from './respond';
import { switchFor } from './switches';
import type { AnthropicRequest, MockContext } from './types';

export const MESSAGES = '/v1/messages';

export interface AnthropicError {
  status: number;
  type: string;
  message: string;
  retryAfter?: string;
}

/** `{"type":"error","error":{"type","message"},"request_id"}` with the status's HTTP code. */
export function sendAnthropicError(res: ServerResponse, requestId: string, err: AnthropicError): void {
  const { status, type, message, retryAfter } = err;
  sendJson(res, status, JSON.stringify({ type: 'error', error: { type, message }, request_id: requestId }), requestId, retryAfter);
}

/** Accepts `x-api-key: <key>` (Anthropic's header) or `Authorization: Bearer <key>`. */
function authError(req: IncomingMessage, apiKey: string | undefined): string | undefined {
  if (apiKey === undefined) return undefined;
  const header = req.headers['x-api-key'];
  const given = typeof header === 'string' ? header : req.headers.authorization?.replace(/^Bearer /, '');
  if (given === apiKey) return undefined;
  return given ? 'invalid x-api-key' : 'x-api-key header is required';
}

function invalid(body: unknown): string | undefined {
  if (body === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) return 'Request body must be a JSON object.';
  const b = body as Partial<Record<keyof AnthropicRequest, unknown>>;
  if (typeof b.model !== 'string' || b.model.length === 0) return 'model: Field required';
  if (typeof b.max_tokens !== 'number' || !Number.isInteger(b.max_tokens) || b.max_tokens < 1) return 'max_tokens: Field required';
  if (!Array.isArray(b.messages) || b.messages.length === 0) return 'messages: Field required';
  return undefined;
}

export interface AnthropicDispatch {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  body: unknown;
  requestId: string;
  apiKey: string | undefined;
  ctx: MockContext;
}

/** Validates, applies the model-name switches (errors, hang, slow, stream cut, cached) and answers. */
export function dispatchMessages(d: AnthropicDispatch): void {
  const { res, requestId } = d;
  const denied = authError(d.req, d.apiKey);
  if (denied) return sendAnthropicError(res, requestId, { status: 401, type: 'authentication_error', message: denied });
  if (d.method !== 'POST') return sendAnthropicError(res, requestId, { status: 404, type: 'not_found_error', message: `Not found: ${d.method} ${MESSAGES}` });
  const problem = invalid(d.body);
  if (problem) return sendAnthropicError(res, requestId, { status: 400, type: 'invalid_request_error', message: problem });
  const body = d.body as AnthropicRequest;
  const sw = switchFor(body.model);
  if (sw.behaviour === 'hang') return;
  answerAfter(res, d.ctx.delayMs + sw.slowMs, (timers?: RequestTimers) => {
    if (sw.behaviour === 'error-500') return sendAnthropicError(res, requestId, { status: 500, type: 'api_error', message: 'Internal server error' });
    if (sw.behaviour === 'error-429') {
      return sendAnthropicError(res, requestId, {
        status: 429,
        type: 'rate_limit_error',
        message: 'Number of requests has exceeded your rate limit (mock-upstream).',
        retryAfter: '1',
      });
    }
    const plan = planAnthropic(body, sw, d.ctx.nextId());
    if (body.stream !== true) return sendJson(res, 200, JSON.stringify(messageOf(body.model, plan)), requestId);
    const cut = sw.behaviour === 'stream-cut';
    const frames = streamFrames(body.model, plan);
    writeSseFrames(res, cut ? frames.slice(0, 4) : frames, { requestId, chunkDelayMs: d.ctx.chunkDelayMs, fixedRate: d.ctx.fixedRate, cut, timers });
  });
}

function usageOf(p: AnthropicPlan, outputTokens: number) {
  return {
    input_tokens: p.inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: p.cacheReadTokens,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function messageOf(model: string, p: AnthropicPlan) {
  const content: object[] = [];
  if (p.text.length > 0) content.push({ type: 'text', text: p.text.join('') });
  if (p.tool) content.push({ type: 'tool_use', id: p.tool.id, name: p.tool.name, input: JSON.parse(p.tool.argumentPieces.join('')) as unknown });
  return {
    id: p.id,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: p.stopReason,
    stop_sequence: p.stopSequence,
    usage: usageOf(p, p.outputTokens),
  };
}

const frame = (data: { type: string; [key: string]: unknown }): string => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * The real event order: message_start, content_block_start, ping, content_block_delta..., content_block_stop,
 * (a tool_use block: start, an empty then partial input_json_delta pieces, stop), message_delta, message_stop.
 */
function streamFrames(model: string, p: AnthropicPlan): string[] {
  const shell = { id: p.id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null };
  const frames = [frame({ type: 'message_start', message: { ...shell, usage: usageOf(p, 1) } })];
  const ping = frame({ type: 'ping' });
  let index = 0;
  if (p.text.length > 0) {
    frames.push(frame({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }), ping);
    for (const text of p.text) frames.push(frame({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } }));
    frames.push(frame({ type: 'content_block_stop', index }));
    index++;
  }
  if (p.tool) {
    const block = { type: 'tool_use', id: p.tool.id, name: p.tool.name, input: {} };
    frames.push(frame({ type: 'content_block_start', index, content_block: block }));
    if (index === 0) frames.push(ping);
    for (const partial_json of ['', ...p.tool.argumentPieces]) {
      frames.push(frame({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } }));
    }
    frames.push(frame({ type: 'content_block_stop', index }));
  }
  if (index === 0 && !p.tool) frames.push(ping);
  frames.push(frame({ type: 'message_delta', delta: { stop_reason: p.stopReason, stop_sequence: p.stopSequence }, usage: { output_tokens: p.outputTokens } }));
  frames.push(frame({ type: 'message_stop' }));
  return frames;
}
