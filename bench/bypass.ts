import { Injectable, Provider } from '@nestjs/common';
import type { Principal } from '@tollgate/contracts';
import { costMicros, HoldMeta, worstCaseMicros } from '@tollgate/credit';
import type { ResolvedTarget } from '../apps/gateway/src/catalog/catalog.service';
import { Admission, EdgeGate } from '../apps/gateway/src/edge/edge-gate.service';
import { PricesService } from '../apps/gateway/src/metering/prices.service';
import type { CallContext } from '../apps/gateway/src/http/call-context';
import { CallPlan, CallSize, MeteredCall, MeteringService } from '../apps/gateway/src/metering/metering.service';
import { estimateTokens, TokenUsage } from '../apps/gateway/src/translate/token-usage';

/**
 * Bench only (the `gateway-bypass` row): admission without the Redis round trip, so no
 * revocation, rate-limit, budget or credit checks. Never in a production gateway.
 */
@Injectable()
export class BypassEdgeGate extends EdgeGate {
  override async admit(_p: Principal, _requestId: string, _need: { holdMicros: number; tokens: number; meta?: HoldMeta }): Promise<Admission> {
    return { headers: {}, holdMicros: 0 };
  }
}

const NONE: TokenUsage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, estimated: false };

/**
 * Bench only: metering without its checks, hold keep-alive, settle or usage event. It still
 * sizes the hold and records what the request record shows, the work the gateway's hot path
 * does either way, so the row measures only what admission and metering cost.
 */
@Injectable()
export class BypassMetering implements Pick<MeteringService, keyof MeteringService> {
  constructor(private readonly prices: PricesService) {}

  plan(ctx: CallContext, size: CallSize, targets: readonly ResolvedTarget[]): CallPlan {
    const promptTokens = size.promptChars + 8 * size.messages + 16;
    let hold = 0;
    let lost = 0;
    for (const t of targets) {
      const price = this.prices.saleOf(ctx.principal.tenantId, size.model, t.providerName, t.upstreamModel);
      if (!price) continue;
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

  outputCap(model: string, target: ResolvedTarget, tenantId: string): number | null {
    return this.prices.saleOf(tenantId, model, target.providerName, target.upstreamModel)?.maxOutputTokens ?? null;
  }

  started(call: MeteredCall): void {
    call.record?.meteringStarted();
  }

  costOf(call: MeteredCall, usage: TokenUsage | null): number {
    const price = call.target
      ? this.prices.saleOf(call.principal.tenantId, call.model, call.target.providerName, call.target.upstreamModel, new Date(call.startedAt))
      : null;
    return price && usage ? costMicros(price, usage) : 0;
  }

  finish(call: MeteredCall, _status: number, usage: TokenUsage | null, ttftMs: number | null = null, knownCost?: number): Promise<void> {
    call.record?.meter({
      model: call.model,
      provider: call.target?.providerName ?? null,
      stream: call.stream,
      usage: usage ?? NONE,
      costMicros: knownCost ?? 0,
      ttftMs,
    });
    return Promise.resolve();
  }
}

/** What bench/gateway-bypass.ts swaps into the gateway. */
export const BYPASS_OVERRIDES: Provider[] = [
  { provide: EdgeGate, useClass: BypassEdgeGate },
  { provide: MeteringService, useClass: BypassMetering },
];
