import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { PeriodicJob } from '../infra/periodic-job';
import { LedgerRepository } from '../ledger/ledger.repository';
import { RequestLogRetentionRepository } from './request-log-retention.repository';
import type { TenantId } from '@tollgate/contracts';

/** Rows per DELETE: short statements that never hold many locks or block booking for long. */
const BATCH = 1000;
const DAY_MS = 86_400_000;

/**
 * Request logs (usage records) are kept REQUEST_LOG_RETENTION_DAYS (0: forever) after their call,
 * then deleted in small batches, tenant by tenant; an admin can erase a tenant's logs at any time.
 * Only request logs go: the ledger's usage debits (with their request ids) stay, so the money is
 * still accounted for and a late redelivery of a deleted request is never charged again.
 */
@Injectable()
export class RequestLogRetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RequestLogRetention');
  private readonly job = new PeriodicJob(
    () => this.sweepAll(),
    (err) => {
      this.logger.warn({ err: err.message }, 'request-log retention pass failed; the next pass retries');
      return 0;
    },
  );

  constructor(
    private readonly repo: RequestLogRetentionRepository,
    private readonly ledger: LedgerRepository,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.REQUEST_LOG_RETENTION_DAYS > 0) this.job.start(this.config.REQUEST_LOG_RETENTION_SWEEP_MS);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One pass over every tenant: deletes records past the retention period. Never throws. */
  sweep(): Promise<number> {
    return this.job.runOnce();
  }

  /** Erases the tenant's request logs of calls before `before` (all of them when null); audited. */
  async erase(tenantId: TenantId, before: Date | null, actor: string): Promise<number> {
    const deleted = await this.purge(tenantId, before);
    this.logger.log({ actor, tenantId, before: before?.toISOString() ?? null, deleted }, 'request logs erased by an admin');
    return deleted;
  }

  private async sweepAll(): Promise<number> {
    const cutoff = new Date(Date.now() - this.config.REQUEST_LOG_RETENTION_DAYS * DAY_MS);
    let deleted = 0;
    for await (const page of this.ledger.accountPages()) for (const a of page) deleted += await this.purge(a.tenantId, cutoff);
    if (deleted)
      this.logger.log({ deleted, before: cutoff.toISOString(), retentionDays: this.config.REQUEST_LOG_RETENTION_DAYS }, 'request logs past retention deleted');
    return deleted;
  }

  private async purge(tenantId: TenantId, before: Date | null): Promise<number> {
    let deleted = 0;
    for (;;) {
      const n = await this.repo.deleteBatch(tenantId, before, BATCH);
      deleted += n;
      if (n < BATCH) return deleted;
    }
  }
}
