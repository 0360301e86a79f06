import { Injectable } from '@nestjs/common';
import { GatewayErrors } from '../errors/gateway.error';
import { failureOf } from './upstream-errors';
import { UpstreamClient } from './upstream-client';
import { anthropicErrorToOpenAi } from '../translate/anthropic-errors';
import { AnthropicStreamToOpenAi } from '../translate/anthropic-stream-to-openai';
import type { AnthropicMessage } from '../translate/anthropic-types';
import { fromAnthropicResponse, toAnthropicRequest } from '../translate/openai-to-anthropic';
import type { OpenAiChatRequest } from '../translate/openai-types';
import { TranslateError } from '../translate/translate-error';
import type { ChatCall, ProviderAdapter, UpstreamReply } from './provider-adapter';
import { EventMap, SseSource } from './sse-source';

export const ANTHROPIC_VERSION = '2023-06-01';

/** Anthropic's native Messages API: OpenAI chat in, translated both ways, streams included. */
@Injectable()
export class AnthropicAdapter implements ProviderAdapter {
  constructor(private readonly http: UpstreamClient) {}

  async chat(call: ChatCall): Promise<UpstreamReply> {
    let body: unknown;
    try {
      body = toAnthropicRequest(call.body as unknown as OpenAiChatRequest);
    } catch (err) {
      if (err instanceof TranslateError) throw GatewayErrors.invalidRequest(err.message, { param: err.param });
      throw err;
    }
    const headers: Record<string, string> = { 'anthropic-version': ANTHROPIC_VERSION };
    if (call.target.apiKey) headers['x-api-key'] = call.target.apiKey;
    const res = await this.http.send({ target: call.target, path: '/messages', body, headers, signal: call.signal });
    if (res.statusCode >= 400) throw await failureOf(res, anthropicErrorToOpenAi);
    const model = String(call.body.model);
    if (call.stream) return { kind: 'stream', source: new SseSource(res.body, translated(model)) };
    const text = await res.body.text();
    let message: AnthropicMessage;
    try {
      message = JSON.parse(text) as AnthropicMessage;
    } catch {
      throw GatewayErrors.upstreamError('The upstream provider sent an unreadable response.', { retryable: true });
    }
    return { kind: 'json', text: null, json: fromAnthropicResponse(message, model) as unknown as Record<string, unknown> };
  }
}

/** Anthropic SSE events in, OpenAI chunk data out; `[DONE]` once the message stopped. */
function translated(model: string): EventMap {
  const translator = new AnthropicStreamToOpenAi(model);
  return (data) => {
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      return { items: [], last: false };
    }
    const items = translator.push(event).map((item) => JSON.stringify(item));
    if (translator.error) return { items, last: true, error: GatewayErrors.upstreamError(translator.error.error.message, { retryable: true }) };
    if (translator.done) items.push('[DONE]');
    return { items, last: translator.done };
  };
}
