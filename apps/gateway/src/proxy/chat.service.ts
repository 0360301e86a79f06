import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Dispatcher } from 'undici';
import { CatalogService, ResolvedRoute } from '../catalog/catalog.service';
import { EdgeGate } from '../edge/edge-gate.service';
import { GatewayError } from '../errors/gateway.error';
import { toOpenAiError } from '../errors/error-body';
import { MeteredCall, MeteringService } from '../usage/metering.service';
import { estimateTokens, fromOpenAiUsage, promptChars, TokenUsage } from '../usage/token-usage';
import { requireScope, resolveModel } from './access';
import type { CallContext } from './call-context';
import { ChatRequest, parseChatRequest } from './chat.request';
import { relayStream } from './stream-relay';
import { failureOf } from './upstream-errors';
import { UpstreamClient } from './upstream-client';

interface Checked {
  request?: ChatRequest;
  route?: ResolvedRoute;
  /** A problem found without I/O; thrown only after admission, so a revoked key still gets 401 first. */
  problem?: GatewayError;
}

/** POST /v1/chat/completions: check, admit (revocation, limits, credit hold), call upstream, answer, meter. */
@Injectable()
export class ChatService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly upstream: UpstreamClient,
    private readonly gate: EdgeGate,
    private readonly metering: MeteringService,
  ) {}

  async complete(ctx: CallContext, body: unknown, reply: FastifyReply): Promise<void> {
    const { request, route, problem } = this.check(ctx, body);
    const chars = request ? promptChars(request.messages) : 0;
    const maxOutput = request ? (request.max_completion_tokens ?? request.max_tokens ?? null) : null;
    const holdMicros = request && route ? this.metering.holdFor(request.model, route, chars, request.messages.length, maxOutput) : 0;
    const tokens = request ? estimateTokens(chars) + (maxOutput ?? 0) : 0;
    const admission = await this.gate.admit(ctx.principal, ctx.requestId, { holdMicros, tokens });
    reply.headers(admission.headers);
    const call: MeteredCall = { ...ctx, model: request?.model ?? '', route: route ?? null, stream: request?.stream === true, holdMicros };
    try {
      if (problem || !request || !route) throw problem;
      await this.forward(call, request, route, reply);
    } catch (err) {
      if (request) this.metering.finish(call, err instanceof GatewayError ? toOpenAiError(err).status : 499, null);
      throw err;
    }
  }

  private check(ctx: CallContext, body: unknown): Checked {
    try {
      requireScope(ctx.principal, 'chat:write');
      const request = parseChatRequest(body);
      try {
        return { request, route: resolveModel(ctx.principal, this.catalog, request.model) };
      } catch (err) {
        if (err instanceof GatewayError) return { request, problem: err };
        throw err;
      }
    } catch (err) {
      if (err instanceof GatewayError) return { problem: err };
      throw err;
    }
  }

  private async forward(call: MeteredCall, request: ChatRequest, route: ResolvedRoute, reply: FastifyReply): Promise<void> {
    const res = await this.upstream.send({ route, path: '/chat/completions', body: upstreamBody(request, route.upstreamModel), signal: call.signal });
    if (res.statusCode >= 400) throw await failureOf(res);
    reply.header('x-tollgate-provider', route.providerName).header('x-tollgate-model', route.upstreamModel);
    if (call.stream) await this.streamed(call, request, res, reply);
    else await this.plain(call, request, res, reply);
  }

  private async plain(call: MeteredCall, request: ChatRequest, res: Dispatcher.ResponseData, reply: FastifyReply): Promise<void> {
    const text = await res.body.text();
    let json: { usage?: unknown; choices?: { message?: { content?: string | null } }[] };
    try {
      json = JSON.parse(text);
    } catch {
      throw new GatewayError('upstream_error', 'The upstream provider sent an unreadable response.');
    }
    const usage = fromOpenAiUsage(json.usage) ?? estimatedPlain(request, json);
    await reply.status(200).header('x-tollgate-cost', String(this.metering.costOf(call, usage))).type('application/json').send(text);
    this.metering.finish(call, 200, usage);
  }

  private async streamed(call: MeteredCall, request: ChatRequest, res: Dispatcher.ResponseData, reply: FastifyReply): Promise<void> {
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
      costOf: (usage) => this.metering.costOf(call, usage),
    });
    this.metering.finish(call, result.status, result.usage, result.ttftMs);
  }
}

/** The request as the upstream gets it: its own model name, and usage asked for on streams. */
function upstreamBody(request: ChatRequest, upstreamModel: string): Record<string, unknown> {
  const body: Record<string, unknown> = { ...request, model: upstreamModel };
  if (request.stream) body.stream_options = { ...(request.stream_options ?? {}), include_usage: true };
  return body;
}

function estimatedPlain(request: ChatRequest, json: { choices?: { message?: { content?: string | null } }[] }): TokenUsage {
  const completion = (json.choices ?? []).reduce((n, c) => n + (c.message?.content?.length ?? 0), 0);
  return { promptTokens: estimateTokens(promptChars(request.messages)), completionTokens: estimateTokens(completion), cachedTokens: 0, estimated: true };
}
