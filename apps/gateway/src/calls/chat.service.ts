import { Injectable } from '@nestjs/common';
import type { Reply } from '../http/reply';
import { CatalogService, ResolvedRoute, ResolvedTarget } from '../catalog/catalog.service';
import { AdmissionService } from '../edge/admission.service';
import { GatewayError } from '../errors/gateway.error';
import { toOpenAiError } from '../errors/error-body';
import type { UpstreamReply } from '../upstream/provider-adapter';
import { ProviderRegistry } from '../upstream/provider-registry';
import { Attempt, RouterService } from '../routing/router.service';
import { CallPlan, MeteredCall, MeteringService } from '../metering/metering.service';
import { estimateTokens, fromOpenAiUsage, promptChars, TokenUsage, toolChars } from '../translate/token-usage';
import { resolveModel } from '../routing/access';
import type { CallContext } from '../http/call-context';
import { ChatRequest, parseChatRequest } from './chat.request';
import { OpenAiStreamWriter } from './openai-stream-writer';
import { Inspected, relayStream, StreamWriter } from '../upstream/stream-relay';

/** A metered chat call; the prompt's size is measured once and used for the hold, limits and estimates. */
type ChatCall = MeteredCall & { promptChars: number; capOutput: boolean };

interface Checked {
  request?: ChatRequest;
  route?: ResolvedRoute;
  /** A problem found without I/O; thrown only after admission, so a revoked key still gets 401 first. */
  problem?: GatewayError;
}

/** How the caller wants the answer: OpenAI JSON and SSE by default; the Anthropic surface plugs in its own. */
export interface ChatOutput {
  json(reply: Reply, completion: Record<string, unknown>, raw: string | null, costMicros: number): Promise<void>;
  stream(reply: Reply): StreamWriter;
  /** The caller's own API as is, for a target whose provider speaks it (POST /v1/responses to a Responses upstream); others get the chat body. */
  native?: NativeOutput;
}

/** A request passed through in its own API: its upstream body, how its answer is metered, how it is answered. */
export interface NativeOutput {
  speaks(target: ResolvedTarget): boolean;
  /** The body for this target: its model name, and the output cap the hold assumed (null: the caller set one). */
  body(upstreamModel: string, cap: number | null): Record<string, unknown>;
  /** The usage billed for a plain answer: the upstream's, or an estimate when it reported none. */
  usage(json: Record<string, unknown>): TokenUsage;
  json(reply: Reply, json: Record<string, unknown>, costMicros: number): Promise<void>;
  /** One event's data as the relay reads it (usage, delivered characters, the terminal event), rewritten for the caller. */
  inspect(data: string, costOf: (u: TokenUsage) => number): Inspected;
  stream(reply: Reply): StreamWriter;
}

const OPENAI_OUTPUT: ChatOutput = {
  json: async (reply, completion, raw, cost) => {
    await reply
      .status(200)
      .header('x-tollgate-cost', String(cost))
      .type('application/json')
      .send(raw ?? JSON.stringify(completion));
  },
  stream: (reply) => new OpenAiStreamWriter(reply),
};

/** Chat completions: check, admit (revocation, limits, credit hold, scope), route with fallback, answer, meter. */
@Injectable()
export class ChatService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly providers: ProviderRegistry,
    private readonly router: RouterService,
    private readonly admission: AdmissionService,
    private readonly metering: MeteringService,
  ) {}

  /** `invalid`: the caller's own surface already found the body unusable (answered after admission). */
  async complete(ctx: CallContext, body: unknown, reply: Reply, output: ChatOutput = OPENAI_OUTPUT, invalid?: GatewayError): Promise<void> {
    const checked = this.check(ctx, body, invalid);
    const { request, route } = checked;
    const chars = request ? promptChars(request.messages) + toolChars(request.tools) : 0;
    const maxOutput = request ? (request.max_completion_tokens ?? request.max_tokens ?? null) : null;
    const plan = request && route && !checked.problem ? this.plan(ctx, checked, chars, maxOutput) : null;
    const holdMicros = plan?.holdMicros ?? 0;
    const tokens = request ? estimateTokens(chars) + (maxOutput ?? 0) : 0;
    reply.headers((await this.admission.admit(ctx, { holdMicros, tokens, meta: plan?.meta })).headers);
    const call: ChatCall = {
      ...ctx,
      model: request?.model ?? '',
      target: null,
      stream: request?.stream === true,
      holdMicros,
      promptChars: chars,
      capOutput: maxOutput === null,
    };
    this.metering.started(call);
    try {
      if (checked.problem || !request || !route) throw checked.problem;
      await this.router.serve(route, ctx.signal, (target) => this.attempt(call, request, target, reply, output));
    } catch (err) {
      if (request) void this.metering.finish(call, err instanceof GatewayError ? toOpenAiError(err).status : 499, null);
      throw err;
    }
  }

  /** The call's hold; a call that cannot be metered becomes the check's problem (answered after admission). */
  private plan(ctx: CallContext, checked: Checked, chars: number, maxOutput: number | null): CallPlan | null {
    const { request, route } = checked;
    if (!request || !route) return null;
    try {
      const size = { model: request.model, promptChars: chars, messages: request.messages.length, maxOutput, choices: request.n ?? 1 };
      return this.metering.plan(ctx, size, route.targets);
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      checked.problem = err;
      return null;
    }
  }

  private check(ctx: CallContext, body: unknown, invalid?: GatewayError): Checked {
    try {
      if (invalid) return { problem: invalid };
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

  /** One target: call it and, if it answers, answer the caller. */
  private async attempt(call: ChatCall, request: ChatRequest, target: ResolvedTarget, reply: Reply, output: ChatOutput): Promise<Attempt<void>> {
    const cap = call.capOutput ? this.metering.outputCap(request.model, target, call.principal.tenantId) : null;
    const adapter = this.providers.for(target);
    // A target that speaks the caller's own API gets its request as is; any other (a fallback too) the chat body.
    const native = output.native?.speaks(target) && adapter.responses ? output.native : undefined;
    const upstream: UpstreamReply = native
      ? await adapter.responses!({ target, body: native.body(target.upstreamModel, cap), stream: call.stream, signal: call.signal })
      : await adapter.chat({ target, body: upstreamBody(request, target.upstreamModel, cap), stream: call.stream, signal: call.signal });
    call.target = target;
    reply.header('x-tollgate-provider', target.providerName).header('x-tollgate-model', target.upstreamModel);
    if (upstream.kind === 'json') {
      const usage = native ? native.usage(upstream.json) : (fromOpenAiUsage(upstream.json.usage) ?? estimatedPlain(call.promptChars, upstream.json));
      const cost = this.metering.costOf(call, usage);
      // Journaled before the answer leaves: a served call is a billed call even if this process dies now.
      await this.metering.finish(call, 200, usage, null, cost);
      if (native) await native.json(reply, upstream.json, cost);
      else await output.json(reply, upstream.json, upstream.text, cost);
      return { ok: true, value: undefined };
    }
    const costOf = (usage: TokenUsage) => this.metering.costOf(call, usage);
    const result = await relayStream(upstream.source, (native ?? output).stream(reply), {
      clientWantsUsage: request.stream_options?.include_usage === true,
      promptChars: call.promptChars,
      startedAt: call.startedAt,
      signal: call.signal,
      costOf,
      inspect: native ? (data) => native.inspect(data, costOf) : undefined,
    });
    if (!result.started) return { ok: false, error: result.error };
    void this.metering.finish(call, result.status, result.usage, result.ttftMs);
    return { ok: true, value: undefined };
  }
}

/**
 * The request as the upstream gets it: its own model name, usage asked for on streams, and the
 * output cap the credit hold assumed when the caller set none (so the call cannot cost more).
 */
function upstreamBody(request: ChatRequest, upstreamModel: string, cap: number | null): Record<string, unknown> {
  const body: Record<string, unknown> = { ...request, model: upstreamModel };
  if (cap !== null) body.max_completion_tokens = cap;
  if (request.stream) body.stream_options = { ...(request.stream_options ?? {}), include_usage: true };
  return body;
}

function estimatedPlain(promptChars: number, json: Record<string, unknown>): TokenUsage {
  const choices = (json.choices ?? []) as { message?: { content?: string | null } }[];
  const completion = choices.reduce((n, c) => n + (c.message?.content?.length ?? 0), 0);
  return { promptTokens: estimateTokens(promptChars), completionTokens: estimateTokens(completion), cachedTokens: 0, estimated: true };
}
