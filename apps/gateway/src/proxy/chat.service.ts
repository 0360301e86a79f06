import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Dispatcher } from 'undici';
import { CatalogService } from '../catalog/catalog.service';
import { GatewayError } from '../errors/gateway.error';
import { toOpenAiError } from '../errors/error-body';
import { estimateTokens, fromOpenAiUsage, promptChars, TokenUsage } from '../usage/token-usage';
import { UsageRecorder } from '../usage/usage-recorder';
import { requireScope, resolveModel } from './access';
import type { CallContext, RoutedCall } from './call-context';
import { ChatRequest, parseChatRequest } from './chat.request';
import { relayStream } from './stream-relay';
import { upstreamFailure } from './upstream-errors';
import { UpstreamClient } from './upstream-client';

/** POST /v1/chat/completions: route, call the upstream, answer (plain or streamed), meter. */
@Injectable()
export class ChatService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly upstream: UpstreamClient,
    private readonly usage: UsageRecorder,
  ) {}

  async complete(ctx: CallContext, body: unknown, reply: FastifyReply): Promise<void> {
    requireScope(ctx.principal, 'chat:write');
    const request = parseChatRequest(body);
    const route = resolveModel(ctx.principal, this.catalog, request.model);
    const call: RoutedCall = { ...ctx, route, model: request.model, stream: request.stream === true };
    try {
      const res = await this.upstream.send({ route, path: '/chat/completions', body: upstreamBody(request, route.upstreamModel), signal: ctx.signal });
      if (res.statusCode >= 400) throw await failureOf(res);
      reply.header('x-tollgate-provider', route.providerName).header('x-tollgate-model', route.upstreamModel);
      if (call.stream) await this.streamed(call, request, res, reply);
      else await this.plain(call, request, res, reply);
    } catch (err) {
      this.usage.finish(call, err instanceof GatewayError ? toOpenAiError(err).status : 499, null);
      throw err;
    }
  }

  private async plain(call: RoutedCall, request: ChatRequest, res: Dispatcher.ResponseData, reply: FastifyReply): Promise<void> {
    const text = await res.body.text();
    let json: { usage?: unknown; choices?: { message?: { content?: string | null } }[] };
    try {
      json = JSON.parse(text);
    } catch {
      throw new GatewayError('upstream_error', 'The upstream provider sent an unreadable response.');
    }
    const usage = fromOpenAiUsage(json.usage) ?? estimatedPlain(request, json);
    await reply.status(200).type('application/json').send(text);
    this.usage.finish(call, 200, usage);
  }

  private async streamed(call: RoutedCall, request: ChatRequest, res: Dispatcher.ResponseData, reply: FastifyReply): Promise<void> {
    reply.hijack();
    reply.raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const result = await relayStream(res.body, reply.raw, {
      clientWantsUsage: request.stream_options?.include_usage === true,
      promptChars: promptChars(request.messages),
      startedAt: call.startedAt,
      signal: call.signal,
    });
    this.usage.finish(call, result.status, result.usage, result.ttftMs);
  }
}

/** The request as the upstream gets it: its own model name, and usage asked for on streams. */
function upstreamBody(request: ChatRequest, upstreamModel: string): Record<string, unknown> {
  const body: Record<string, unknown> = { ...request, model: upstreamModel };
  if (request.stream) body.stream_options = { ...(request.stream_options ?? {}), include_usage: true };
  return body;
}

async function failureOf(res: Dispatcher.ResponseData): Promise<GatewayError> {
  const text = await res.body.text().catch(() => '');
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const retryAfter = res.headers['retry-after'];
  return upstreamFailure(res.statusCode, body, typeof retryAfter === 'string' ? retryAfter : undefined);
}

function estimatedPlain(request: ChatRequest, json: { choices?: { message?: { content?: string | null } }[] }): TokenUsage {
  const completion = (json.choices ?? []).reduce((n, c) => n + (c.message?.content?.length ?? 0), 0);
  return { promptTokens: estimateTokens(promptChars(request.messages)), completionTokens: estimateTokens(completion), cachedTokens: 0, estimated: true };
}
