import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import Redis from 'ioredis';
import type { TenantId, UsageRecorded } from '@tollgate/contracts';
import { CreditStore, HoldMeta } from '@tollgate/credit';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { REDIS } from '../infra/infra.module';
import { PeriodicJob } from '../infra/periodic-job';
import { LedgerRepository } from '../ledger/ledger.repository';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

/** Request-log status of a call whose gateway died before answering it in full. */
export const LOST_CALL_STATUS = 0;
const PER_TENANT = 500;

/**
 * A served call is a billed call, even when its gateway dies mid-call: the gateway keeps each
 * hold alive while the call runs, so a hold past its expiry belongs to a dead gateway. Every
 * LOST_CALL_SWEEP_MS billing releases such holds into unbooked costs (credit stays reserved) and
 * books each call as an estimated charge of its prompt (`estimated`, status 0), exactly once by
 * its request id; the booking then frees the rest of the credit. Unbooked costs older than
 * UNBOOKED_CHECK_AFTER_MS are checked against the ledger: already booked ones are forgotten,
 * lost calls whose booking failed are booked again; the rest (billing behind, or a gateway still
 * publishing from its spool) keep their credit reserved.
 */
@Injectable()
export class LostCallsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LostCalls');
  private readonly credit: CreditStore;
  private readonly job = new PeriodicJob(
    () => this.sweepAll(),
    (err) => {
      this.logger.warn({ err: err.message }, 'lost-call sweep failed; next pass retries');
      return 0;
    },
  );

  constructor(
    private readonly usage: UsageService,
    private readonly records: UsageRepository,
    private readonly ledger: LedgerRepository,
    @Inject(REDIS) redis: Redis,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {
    this.credit = new CreditStore(redis);
  }

  onApplicationBootstrap(): void {
    this.job.start(this.config.LOST_CALL_SWEEP_MS);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One pass over every tenant account; returns how many lost calls it booked. Never throws. */
  sweep(): Promise<number> {
    return this.job.runOnce();
  }

  private async sweepAll(): Promise<number> {
    let booked = 0;
    for await (const page of this.ledger.accountPages()) for (const a of page) booked += await this.sweepTenant(a.tenantId);
    return booked;
  }

  private async sweepTenant(tenantId: TenantId): Promise<number> {
    const lost = await this.credit.expireHolds(tenantId, PER_TENANT);
    const metas = new Map<string, HoldMeta>();
    for (const l of lost) if (l.meta) metas.set(l.requestId, l.meta);
    const stale = await this.credit.staleUnbooked(tenantId, this.config.UNBOOKED_CHECK_AFTER_MS, PER_TENANT);
    if (stale.length) {
      const done = await this.records.existing(tenantId, stale);
      if (done.length) await this.credit.forget(tenantId, done);
      const open = stale.filter((id) => !done.includes(id) && !metas.has(id));
      for (const [id, meta] of await this.credit.holdMeta(tenantId, open)) metas.set(id, meta);
    }
    if (!metas.size) return 0;
    const events = [...metas].map(([requestId, meta]) => lostEvent(tenantId, requestId, meta));
    const override = new Map([...metas].map(([id, m]) => [id, m.lostMicros]));
    const outcome = await this.usage.bookBatch(events, override);
    for (const t of outcome.tenants) if (!t.ok) throw t.error;
    this.logger.warn({ tenantId, calls: events.length }, 'charged calls whose gateway died (estimated)');
    return events.length;
  }
}

function lostEvent(tenantId: TenantId, requestId: string, m: HoldMeta): UsageRecorded {
  return {
    requestId,
    occurredAt: new Date(m.startedAt).toISOString(),
    tenantId,
    keyId: m.keyId,
    keyLabel: m.keyLabel,
    model: m.model,
    provider: null,
    upstreamModel: null,
    promptTokens: m.promptTokens,
    completionTokens: 0,
    cachedTokens: 0,
    estimated: true,
    stream: false,
    status: LOST_CALL_STATUS,
    latencyMs: Math.max(0, Date.now() - m.startedAt),
    ttftMs: null,
    costMicros: m.lostMicros,
  };
}
