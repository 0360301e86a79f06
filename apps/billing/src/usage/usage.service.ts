import { Injectable, Logger } from '@nestjs/common';
import type { TenantId, UsageRecorded } from '@tollgate/contracts';
import { asTenantId } from '@tollgate/contracts';
import { costMicros, PriceBook } from '@tollgate/credit';
import { CreditSyncService } from '../ledger/credit-sync.service';
import { PricesService } from '../prices/prices.service';
import { isDataError } from './db-errors';
import { BookedBatch, PricedUsage, UsageBookingRepository } from './usage-booking.repository';
import { UsageMetrics } from './usage.metrics';

/** What became of one tenant's share of a batch. */
export type TenantOutcome =
  | { tenantId: TenantId; ok: true; requestIds: string[] }
  /** Infrastructure failed (database, network): nothing of it was booked; retry later. */
  | { tenantId: TenantId; ok: false; requestIds: string[]; error: unknown };

/** An event the database refused on its own (bad data): to be parked, not retried. */
export interface Refused {
  event: UsageRecorded;
  error: string;
}

export interface BatchOutcome {
  tenants: TenantOutcome[];
  refused: Refused[];
}

/**
 * Books usage events by tenant: each tenant's events in one statement (exactly once by request id),
 * tenants in parallel, then each tenant's new balance written to Redis. A tenant whose statement
 * the database refuses for its data is retried event by event, so one bad event sinks nothing else.
 */
@Injectable()
export class UsageService {
  private readonly logger = new Logger('UsageService');

  constructor(
    private readonly prices: PricesService,
    private readonly booking: UsageBookingRepository,
    private readonly sync: CreditSyncService,
    private readonly metrics: UsageMetrics,
  ) {}

  async bookBatch(events: readonly UsageRecorded[], costOverride?: ReadonlyMap<string, number>): Promise<BatchOutcome> {
    const book = await this.prices.current();
    const byTenant = new Map<string, UsageRecorded[]>();
    for (const e of events) {
      const list = byTenant.get(e.tenantId) ?? [];
      list.push(e);
      byTenant.set(e.tenantId, list);
    }
    const refused: Refused[] = [];
    const tenants = await Promise.all(
      [...byTenant].map(([tenantId, list]) =>
        this.bookTenant(
          asTenantId(tenantId),
          list.map((e) => priced(book, e, costOverride?.get(e.requestId))),
          list,
          refused,
        ),
      ),
    );
    return { tenants, refused };
  }

  private async bookTenant(tenantId: TenantId, calls: PricedUsage[], events: UsageRecorded[], refused: Refused[]): Promise<TenantOutcome> {
    const requestIds = calls.map((c) => c.request_id);
    try {
      await this.commit(tenantId, calls);
      return { tenantId, ok: true, requestIds };
    } catch (err) {
      if (!isDataError(err)) return this.notBooked(tenantId, requestIds, err);
    }
    // The database refused something in the batch: find which, book the rest.
    for (const [i, call] of calls.entries()) {
      try {
        await this.commit(tenantId, [call]);
      } catch (err) {
        if (!isDataError(err)) return this.notBooked(tenantId, requestIds, err);
        this.metrics.failed('refused');
        refused.push({ event: events[i], error: err instanceof Error ? err.message : String(err) });
      }
    }
    return { tenantId, ok: true, requestIds };
  }

  /** Forgets the gateway's unbooked costs of events that will never be booked (parked). */
  forget(tenantId: TenantId, requestIds: readonly string[]): Promise<void> {
    return this.sync.forget(tenantId, requestIds);
  }

  private notBooked(tenantId: TenantId, requestIds: string[], error: unknown): TenantOutcome {
    this.metrics.failed('database');
    return { tenantId, ok: false, requestIds, error };
  }

  private async commit(tenantId: TenantId, calls: PricedUsage[]): Promise<void> {
    const booked = await this.booking.book(tenantId, calls);
    this.metrics.booked(tenantId, newCalls(calls, booked));
    await this.sync.book(
      tenantId,
      booked,
      calls.map((c) => c.request_id),
    );
  }
}

/** The calls this commit booked for the first time (a redelivered one was booked before). */
function newCalls(calls: PricedUsage[], booked: BookedBatch): PricedUsage[] {
  if (booked.newIds === null) return calls;
  const fresh = new Set(booked.newIds);
  return calls.filter((c) => fresh.has(c.request_id));
}

/**
 * The event costed by billing's own price set at the time the call happened: the sale side by the
 * tenant's tier then in force (PriceBook.saleOf), the upstream side by the accepted cost price.
 */
function priced(book: PriceBook, e: UsageRecorded, override: number | undefined): PricedUsage {
  const at = new Date(e.occurredAt);
  const sale = book.saleOf(e.tenantId, e.model, e.provider, e.upstreamModel, at);
  const upstream = book.costOf(e.model, e.provider, e.upstreamModel, at);
  const cost = override ?? (sale ? costMicros(sale, e) : 0);
  return {
    request_id: e.requestId,
    key_id: e.keyId,
    key_label: e.keyLabel,
    model: e.model,
    provider: e.provider,
    upstream_model: e.upstreamModel,
    prompt_tokens: e.promptTokens,
    completion_tokens: e.completionTokens,
    cached_tokens: e.cachedTokens,
    status: e.status,
    latency_ms: e.latencyMs,
    ttft_ms: e.ttftMs,
    estimated: e.estimated,
    stream: e.stream,
    cost_micros: String(cost),
    gateway_cost_micros: String(e.costMicros),
    price_id: override === undefined ? (sale?.priceId ?? null) : null,
    tier_id: sale?.tierId ?? null,
    cost_price_id: upstream?.id ?? null,
    upstream_cost_micros: String(upstream ? costMicros(upstream, e) : 0),
    occurred_at: e.occurredAt,
    hold_micros: e.holdMicros === undefined ? null : String(e.holdMicros),
  };
}
