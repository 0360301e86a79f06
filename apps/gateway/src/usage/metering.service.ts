import { Inject, Injectable } from '@nestjs/common';
import type { UsageRecorded } from '@tollgate/contracts';
import { costMicros, worstCaseMicros } from '@tollgate/credit';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import type { CallContext } from '../proxy/call-context';
import type { ResolvedTarget } from '../catalog/catalog.service';
import { PricesService } from '../pricing/prices.service';
import type { TokenUsage } from './token-usage';
import { UsagePublisher } from './usage.publisher';

export interface MeteredCall extends CallContext {
  model: string;
  /** The target that served the call (null until one did). */
  target: ResolvedTarget | null;
  stream: boolean;
  holdMicros: number;
}

const NONE: TokenUsage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, estimated: false };

/**
 * Money on the hot path: the worst-case hold before the upstream call, and after it the
 * real cost, the settle of the hold and the usage event, once per request.
 */
@Injectable()
export class MeteringService {
  private readonly bypass: boolean;

  constructor(
    private readonly prices: PricesService,
    private readonly publisher: UsagePublisher,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.bypass = config.BENCH_BYPASS.has('metering');
  }

  /**
   * Worst case over the route's targets (any may end up serving it): every prompt character
   * a token, plus per-message overhead, and the whole output cap.
   */
  holdFor(model: string, targets: readonly ResolvedTarget[], promptChars: number, messages: number, maxOutput: number | null): number {
    let hold = 0;
    for (const t of targets) {
      const price = this.prices.priceOf(model, t.providerName, t.upstreamModel);
      if (price) hold = Math.max(hold, worstCaseMicros(price, promptChars + 8 * messages + 16, maxOutput ?? price.maxOutputTokens));
    }
    return hold;
  }

  /** What `usage` costs on this call's route, in micro-units (0 without a price). */
  costOf(call: MeteredCall, usage: TokenUsage | null): number {
    const price = call.target ? this.prices.priceOf(call.model, call.target.providerName, call.target.upstreamModel, new Date(call.startedAt)) : null;
    return price && usage ? costMicros(price, usage) : 0;
  }

  /**
   * The hold settled to the real cost (`knownCost` when the caller already priced the usage),
   * then the usage event published. Never throws; the caller does not wait.
   */
  finish(call: MeteredCall, status: number, usage: TokenUsage | null, ttftMs: number | null = null, knownCost?: number): void {
    if (this.bypass) return;
    const u = usage ?? NONE;
    const cost = knownCost ?? this.costOf(call, u);
    this.publisher.record({ event: this.event(call, status, u, ttftMs, cost), settle: call.holdMicros > 0 || cost > 0 });
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
    };
  }
}
