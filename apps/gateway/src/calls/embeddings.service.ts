import { Injectable } from '@nestjs/common';
import type { Reply } from '../http/reply';
import { z } from 'zod';
import { CatalogService, ResolvedRoute } from '../catalog/catalog.service';
import { AdmissionService } from '../edge/admission.service';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import { toOpenAiError } from '../errors/error-body';
import { ProviderRegistry } from '../upstream/provider-registry';
import { RouterService } from '../routing/router.service';
import { CallPlan, MeteredCall, MeteringService } from '../metering/metering.service';
import { estimateTokens, fromOpenAiUsage } from '../translate/token-usage';
import { resolveModel } from '../routing/access';
import type { CallContext } from '../http/call-context';
import { ModelName } from '../catalog/model-names';

/** Most inputs one request may embed (OpenAI's limit for every array form of `input`). */
const MAX_INPUTS = 2048;

const EmbeddingsInput = z
  .union([z.string(), z.array(z.string()).min(1), z.array(z.number().int()).min(1), z.array(z.array(z.number().int()).min(1)).min(1)], {
    error: "'input' must be a string, an array of strings, or an array of token arrays",
  })
  .refine((input) => typeof input === 'string' || input.length <= MAX_INPUTS, `'input' may hold at most ${MAX_INPUTS} items`)
  .refine((input) => input !== '' && !(Array.isArray(input) && input.some((item) => item === '')), "'input' must not be an empty string");

const EmbeddingsRequest = z.object({ model: ModelName, input: EmbeddingsInput }).passthrough();
type EmbeddingsRequest = z.infer<typeof EmbeddingsRequest>;

/** Characters (or tokens, for token input) the request sends. */
function inputSize(input: EmbeddingsRequest['input']): { chars: number; tokens: number } {
  if (typeof input === 'string') return { chars: input.length, tokens: 0 };
  let chars = 0;
  let tokens = 0;
  for (const item of input) {
    if (typeof item === 'string') chars += item.length;
    else if (typeof item === 'number') tokens += 1;
    else tokens += item.length;
  }
  return { chars, tokens };
}

/** POST /v1/embeddings: routed, admitted and metered like chat completions (input tokens only). */
@Injectable()
export class EmbeddingsService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly providers: ProviderRegistry,
    private readonly router: RouterService,
    private readonly admission: AdmissionService,
    private readonly metering: MeteringService,
  ) {}

  async create(ctx: CallContext, body: unknown, reply: Reply): Promise<Record<string, unknown>> {
    let request: EmbeddingsRequest | undefined;
    let route: ResolvedRoute | undefined;
    let problem: unknown;
    let plan: CallPlan | null = null;
    const size = { chars: 0, tokens: 0 };
    try {
      request = parse(body);
      route = resolveModel(ctx.principal, this.catalog, request.model);
      Object.assign(size, inputSize(request.input));
      // Token input is counted as that many characters: a token is at least one.
      plan = this.metering.plan(ctx, { model: request.model, promptChars: size.chars + size.tokens, messages: 0, maxOutput: 0, choices: 1 }, route.targets);
    } catch (err) {
      problem = err;
    }
    const holdMicros = plan?.holdMicros ?? 0;
    reply.headers((await this.admission.admit(ctx, { holdMicros, tokens: estimateTokens(size.chars) + size.tokens, meta: plan?.meta })).headers);
    if (problem || !request || !route) throw problem;
    const call: MeteredCall = { ...ctx, model: request.model, target: null, stream: false, holdMicros };
    this.metering.started(call);
    try {
      const json = await this.router.serve(route, ctx.signal, async (target) => {
        const adapter = this.providers.for(target);
        if (!adapter.embeddings)
          return {
            ok: false,
            error: GatewayErrors.invalidRequest(`The model '${request!.model}' does not support embeddings.`, { param: 'model', retryable: true }),
          };
        call.target = target;
        return { ok: true, value: await adapter.embeddings({ target, body: { ...request, model: target.upstreamModel }, signal: ctx.signal }) };
      });
      const usage = fromOpenAiUsage(json.usage) ?? {
        promptTokens: estimateTokens(size.chars) + size.tokens,
        completionTokens: 0,
        cachedTokens: 0,
        estimated: true,
      };
      reply.header('x-tollgate-provider', call.target!.providerName).header('x-tollgate-model', call.target!.upstreamModel);
      reply.header('x-tollgate-cost', String(this.metering.costOf(call, usage)));
      // Journaled before the answer leaves (the caller sends what this returns).
      await this.metering.finish(call, 200, usage);
      return json;
    } catch (err) {
      void this.metering.finish(call, err instanceof GatewayError ? toOpenAiError(err).status : 499, null);
      throw err;
    }
  }
}

function parse(body: unknown): EmbeddingsRequest {
  const parsed = EmbeddingsRequest.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue.path.length ? String(issue.path[0]) : null;
  throw GatewayErrors.invalidRequest(param === 'model' ? 'you must provide a model parameter' : `Invalid '${param ?? 'body'}': ${issue.message}`, { param });
}
