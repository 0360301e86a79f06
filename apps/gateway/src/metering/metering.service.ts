import { Injectable, Optional } from '@nestjs/common';
import type { UsageRecorded } from '@tollgate/contracts';
import { costMicros, HoldMeta, worstCaseMicros } from '@tollgate/credit';
import type { CallContext } from '../http/call-context';
import type { ResolvedTarget } from '../catalog/catalog.service';
import { BudgetSettler } from '../edge/budget-settler';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import { PricesService } from './prices.service';
import { HoldKeeper } from './hold-keeper';
import { estimateTokens, TokenUsage } from '../translate/token-usage';
import { UsagePublisher } from './usage.publisher';

export interface MeteredCall extends CallContext {
  model: string;
  /** The target that served the call (null until one did). */
  target: ResolvedTarget | null;
  stream: boolean;
  holdMicros: number;
}

/** What a metered call needs before admission: its hold, and what billing charges if the call is lost. */
export interface CallPlan {
  holdMicros: number;
  meta: HoldMeta;
}

/** The caller's request, as far as its worst-case cost goes. */
export interface CallSize {
  model: string;
  /** Characters the prompt sends (text, tool schemas and arguments). */
  promptChars: number;
  messages: number;
  /** The caller's own output cap; null means each target's priced default, which is then sent upstream. */
  maxOutput: number | null;
  /** Completions asked for (`n`). */
  choices: number;
}

const NONE: TokenUsage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, estimated: false };

/**
 * Money on the hot path: the worst-case hold before the upstream call, and after it the
 * real cost, the settle of the hold and the usage event, once per request. Fails closed: with
 * no price list, no price for a target, or usage piling up unpublished, a metered call is refused.
 */
@Injectable()
export class MeteringService {
  constructor(
    private readonly prices: PricesService,
    private readonly publisher: UsagePublisher,
    private readonly keeper: HoldKeeper,
    @Optional() private readonly budgets?: BudgetSettler,
  ) {}

  /**
   * Worst case over the route's targets (any may end up serving it): every prompt character a
   * token plus per-message overhead, and the whole output cap for each of the `n` choices.
   */
  plan(ctx: CallContext, size: CallSize, targets: readonly ResolvedTarget[]): CallPlan {
    this.ensureMetering();
    const promptTokens = size.promptChars + 8 * size.messages + 16;
    let hold = 0;
    let lost = 0;
    for (const t of targets) {
      const price = this.prices.saleOf(ctx.principal.tenantId, size.model, t.providerName, t.upstreamModel);
      if (!price) {
        throw new GatewayError({
          code: 'model_not_priced',
          message: `The model '${size.model}' has no price for provider '${t.providerName}', so it cannot be metered. Ask your administrator to price it.`,
          param: 'model',
        });
      }
      hold = Math.max(hold, worstCaseMicros(price, promptTokens, (size.maxOutput ?? price.maxOutputTokens) * Math.max(1, size.choices)));
      lost = Math.max(lost, costMicros(price, { promptTokens: estimateTokens(size.promptChars), completionTokens: 0, cachedTokens: 0 }));
    }
    const p = ctx.principal;
    return {
      holdMicros: hold,
      meta: {
        keyId: p.keyId,
        keyLabel: p.label,
        model: size.model,
        startedAt: ctx.startedAt,
        promptTokens: estimateTokens(size.promptChars),
        lostMicros: lost,
      },
    };
  }

  /** The output cap the hold assumed for `target` when the caller set none (sent upstream with the call). */
  outputCap(model: string, target: ResolvedTarget, tenantId: string): number | null {
    return this.prices.saleOf(tenantId, model, target.providerName, target.upstreamModel)?.maxOutputTokens ?? null;
  }

  /** After admission: the hold is kept alive for as long as the call runs. */
  started(call: MeteredCall): void {
    call.record?.meteringStarted();
    if (call.holdMicros > 0) this.keeper.add(call.principal.tenantId, call.requestId);
  }

  /** What `usage` costs the caller's tenant on this call's route (its sale price), in micro-units (0 without a price). */
  costOf(call: MeteredCall, usage: TokenUsage | null): number {
    const price = call.target
      ? this.prices.saleOf(call.principal.tenantId, call.model, call.target.providerName, call.target.upstreamModel, new Date(call.startedAt))
      : null;
    return price && usage ? costMicros(price, usage) : 0;
  }

  /**
   * The hold (and its budget hold) settled to the real cost (`knownCost` when the caller already
   * priced the usage), then the usage event published. Never throws or rejects; resolves once the
   * event is in the gateway's journal (a plain answer waits for that before it leaves; nothing else need wait).
   */
  finish(call: MeteredCall, status: number, usage: TokenUsage | null, ttftMs: number | null = null, knownCost?: number): Promise<void> {
    const u = usage ?? NONE;
    if (call.holdMicros > 0) this.keeper.remove(call.principal.tenantId, call.requestId);
    const cost = knownCost ?? this.costOf(call, u);
    this.budgets?.settle(call.requestId, cost);
    call.record?.meter({ model: call.model, provider: call.target?.providerName ?? null, stream: call.stream, usage: u, costMicros: cost, ttftMs });
    return this.publisher.record({ event: this.event(call, status, u, ttftMs, cost), settle: call.holdMicros > 0 || cost > 0 });
  }

  private ensureMetering(): void {
    if (!this.prices.ready()) throw GatewayErrors.billingUnavailable('Billing is temporarily unavailable (no price list yet). Please retry shortly.');
    if (!this.publisher.accepting())
      throw GatewayErrors.billingUnavailable('Billing is temporarily unavailable (usage cannot be recorded). Please retry shortly.');
  }

  private event(call: MeteredCall, status: number, u: TokenUsage, ttftMs: number | null, cost: number): UsageRecorded {
    return {
      requestId: call.requestId,
      occurredAt: new Date(call.startedAt).toISOString(),
      tenantId: call.principal.tenantId,
      keyId: call.principal.keyId,
      keyLabel: call.principal.label,
      model: call.model,
      provider: call.target?.providerName ?? null,
      upstreamModel: call.target?.upstreamModel ?? null,
      promptTokens: u.promptTokens,
      completionTokens: u.completionTokens,
      cachedTokens: u.cachedTokens,
      estimated: u.estimated,
      stream: call.stream,
      status,
      latencyMs: Date.now() - call.startedAt,
      ttftMs,
      costMicros: cost,
      holdMicros: call.holdMicros,
    };
  }
}
