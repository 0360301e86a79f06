import { Injectable } from '@nestjs/common';
import { GatewayErrors } from '../errors/gateway.error';
import { failureOf } from './upstream-errors';
import { UpstreamClient } from './upstream-client';
import type { ChatCall, ProviderAdapter, UpstreamReply } from './provider-adapter';
import { SseSource } from './sse-source';

/** Any OpenAI-compatible base URL (OpenAI, vLLM, Ollama, Groq...): bytes pass through untouched. */
@Injectable()
export class OpenAiAdapter implements ProviderAdapter {
  constructor(private readonly http: UpstreamClient) {}

  async chat(call: ChatCall): Promise<UpstreamReply> {
    const res = await this.http.send({ target: call.target, path: '/chat/completions', body: call.body, headers: this.auth(call), signal: call.signal });
    if (res.statusCode >= 400) throw await failureOf(res);
    if (call.stream) return { kind: 'stream', source: new SseSource(res.body) };
    const text = await res.body.text();
    return { kind: 'json', text, json: parse(text) };
  }

  /** A Responses API request as is (`POST {baseUrl}/responses`), for providers that speak it: its JSON, or its events' data. */
  async responses(call: ChatCall): Promise<UpstreamReply> {
    const res = await this.http.send({ target: call.target, path: '/responses', body: call.body, headers: this.auth(call), signal: call.signal });
    if (res.statusCode >= 400) throw await failureOf(res);
    if (call.stream) return { kind: 'stream', source: new SseSource(res.body) };
    const text = await res.body.text();
    return { kind: 'json', text, json: parse(text) };
  }

  async embeddings(call: Omit<ChatCall, 'stream'>): Promise<Record<string, unknown>> {
    const res = await this.http.send({ target: call.target, path: '/embeddings', body: call.body, headers: this.auth(call), signal: call.signal });
    if (res.statusCode >= 400) throw await failureOf(res);
    return parse(await res.body.text());
  }

  private auth(call: Pick<ChatCall, 'target'>): Record<string, string> {
    return call.target.apiKey ? { authorization: `Bearer ${call.target.apiKey}` } : {};
  }
}

function parse(text: string): Record<string, unknown> {
  try {
    const json = JSON.parse(text);
    if (json && typeof json === 'object') return json as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw GatewayErrors.upstreamError('The upstream provider sent an unreadable response.', { retryable: true });
}
