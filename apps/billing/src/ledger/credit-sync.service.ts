import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type Redis from 'ioredis';
import { CreditStore, creditKeys } from '@tollgate/credit';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { PrismaService } from '../infra/prisma.service';
import { REDIS } from '../infra/infra.module';
import { balanceDrift, CreditSyncMetrics } from './credit-sync.metrics';
import { AccountState, LedgerRepository } from './ledger.repository';
import type { TenantId } from '@tollgate/contracts';

/**
 * Keeps the gateway's Redis credit figures equal to the ledger: `book` after every commit
 * (version = the account row's version, strictly increasing), and a full reconcile at start
 * and every RECONCILE_MS that repairs any drift (lost writes, a flushed or tampered Redis).
 */
@Injectable()
export class CreditSyncService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CreditSync');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly credit: CreditStore,
    private readonly ledger: LedgerRepository,
    private readonly prisma: PrismaService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    private readonly metrics: CreditSyncMetrics,
  ) {}

  /** After a commit. Failures are logged, never thrown: the ledger is committed and the reconcile repairs Redis. */
  async book(tenantId: TenantId, state: AccountState, requestIds: string | readonly string[] = []): Promise<void> {
    try {
      await this.credit.book(tenantId, state.balanceMicros, state.version, requestIds);
    } catch (err) {
      this.logger.warn({ tenantId, err: String(err) }, 'credit book failed; the reconcile will repair it');
    }
  }

  /** Drops unbooked costs of requests that will never be booked (parked); throws if Redis cannot. */
  forget(tenantId: TenantId, requestIds: readonly string[]): Promise<void> {
    return this.credit.forget(tenantId, requestIds);
  }

  onApplicationBootstrap(): void {
    void this.reconcile().catch((err) => this.logger.error({ err: String(err) }, 'initial reconcile failed'));
    this.timer = setInterval(() => void this.reconcile().catch((err) => this.logger.error({ err: String(err) }, 'reconcile failed')), this.config.RECONCILE_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Rewrites every account whose Redis balance or version differs from Postgres. Returns how many it repaired. */
  reconcile(): Promise<number> {
    this.running ??= this.reconcileAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async reconcileAll(): Promise<number> {
    let repaired = 0;
    let driftMicros = 0n;
    for await (const page of this.ledger.accountPages()) {
      const pipe = this.redis.pipeline();
      for (const a of page) pipe.mget(creditKeys(a.tenantId).bal, creditKeys(a.tenantId).seq);
      const results = (await pipe.exec()) ?? [];
      for (const [i, a] of page.entries()) {
        const [bal, seq] = (results[i]?.[1] as (string | null)[] | undefined) ?? [null, null];
        if (bal === a.balanceMicros.toString() && seq === a.version.toString()) continue;
        driftMicros += balanceDrift(bal, a.balanceMicros);
        await this.repair(a.tenantId, seq === null || !/^\d+$/.test(seq) ? 0n : BigInt(seq));
        repaired++;
      }
    }
    this.metrics.reconciled({ driftMicros, outOfSync: repaired });
    return repaired;
  }

  /** Moves the account's version past whatever Redis holds, so the book below always wins. */
  private async repair(tenantId: TenantId, redisSeq: bigint): Promise<void> {
    const state = await this.prisma.tx(async (tx) => {
      await this.ledger.lock(tx, tenantId);
      return this.ledger.bump(tx, tenantId, 0n, redisSeq);
    });
    await this.book(tenantId, state);
  }
}
