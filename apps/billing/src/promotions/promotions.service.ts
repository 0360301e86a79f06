import { createHash } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { BillingError } from '../errors/billing.error';
import { PeriodicJob } from '../infra/periodic-job';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerService } from '../ledger/ledger.service';
import { toSafeNumber } from '../money/money';
import type { PromoGrant } from '../generated/prisma/client';
import { boundaries, expiryAmount, remaining } from './promo-rules';
import { PromotionsRepository } from './promotions.repository';
import type { TenantId } from '@tollgate/contracts';
import { asTenantId } from '@tollgate/contracts';

export interface PromoGrantView {
  id: string;
  tenantId: string;
  amountMicros: number;
  grantedAt: string;
  expiresAt: string;
  reason: string;
  actor: string;
  /** null until the expiry job has processed the grant; then the unused part that expired (0 when all was spent). */
  expiredMicros: number | null;
  expiredAt: string | null;
  replayed?: boolean;
}

export interface GrantInput {
  amountMicros: number;
  expiresAt: string;
  reason: string;
  idempotencyKey?: string;
}

const MAX_TERM_MS = 10 * 366 * 86_400_000;

/**
 * Promotional credit: a grant is a `promo_grant` credit (against the promotions account); when it
 * expires, its unused part (promo-rules.ts) leaves by a `promo_expiry` debit. Grants are never
 * deleted. The expiry job runs every PROMO_EXPIRY_SWEEP_MS on every replica: each tenant's pass
 * holds its account lock and re-reads which grants are still unprocessed, so a grant expires once.
 */
@Injectable()
export class PromotionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Promotions');
  private readonly job = new PeriodicJob(
    () => this.expireDue(new Date()),
    (err) => {
      this.logger.error({ err: err.message }, 'promotional credit expiry failed; the next pass retries');
      return 0;
    },
  );

  constructor(
    private readonly ledger: LedgerService,
    private readonly ledgerRepo: LedgerRepository,
    private readonly repo: PromotionsRepository,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.job.runOnce();
    this.job.start(this.config.PROMO_EXPIRY_SWEEP_MS);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  async grant(tenantId: TenantId, input: GrantInput, actor: string, now = new Date()): Promise<PromoGrantView> {
    const amount = BigInt(input.amountMicros);
    const expiresAt = new Date(input.expiresAt);
    if (amount <= 0n) throw new BillingError('invalid_request', 'amountMicros must be positive.');
    if (Number.isNaN(expiresAt.getTime()) || expiresAt <= now || expiresAt.getTime() - now.getTime() > MAX_TERM_MS)
      throw new BillingError('invalid_request', 'expiresAt must be a time in the future, at most 10 years ahead.');
    const key = input.idempotencyKey;
    if (!key) throw new BillingError('invalid_request', 'An idempotency key is required (Idempotency-Key header or idempotencyKey).');
    const requestHash = createHash('sha256')
      .update(JSON.stringify([amount.toString(), expiresAt.toISOString(), input.reason]))
      .digest('hex');
    const { grant, replayed } = await this.ledger.commit(tenantId, async (tx, locked) => {
      const earlier = await this.repo.byKey(tx, tenantId, key);
      if (earlier && earlier.requestHash !== requestHash)
        throw new BillingError('idempotency_conflict', 'This idempotency key was used for a different grant.');
      if (earlier) return { state: locked, grant: earlier, replayed: true };
      const posted = await this.ledgerRepo.post(tx, {
        tenantId,
        kind: 'promo_grant',
        amountMicros: amount,
        counter: 'promotions',
        actor,
        reason: input.reason,
        reference: `expires ${expiresAt.toISOString()}`,
        postedAt: now,
      });
      const row = await this.repo.create(tx, {
        tenantId,
        amountMicros: amount,
        grantedAt: posted.postedAt,
        expiresAt,
        transactionId: posted.transactionId,
        reason: input.reason,
        actor,
        idempotencyKey: key,
        requestHash,
      });
      return { state: posted, grant: row, replayed: false };
    });
    return { ...view(grant), replayed };
  }

  async list(tenantId: TenantId): Promise<{ data: PromoGrantView[] }> {
    return { data: (await this.repo.list(tenantId)).map(view) };
  }

  /**
   * Expires every grant whose expiry is at or before `now − PROMO_EXPIRY_GRACE_MS` (the grace lets
   * calls made before the expiry be booked first). Returns how many grants it processed.
   */
  async expireDue(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.PROMO_EXPIRY_GRACE_MS);
    let processed = 0;
    for (;;) {
      const tenants = await this.repo.tenantsDue(cutoff);
      if (!tenants.length) return processed;
      for (const tenantId of tenants) processed += await this.expireTenant(asTenantId(tenantId), cutoff);
    }
  }

  private async expireTenant(tenantId: TenantId, cutoff: Date): Promise<number> {
    const { count } = await this.ledger.commit(tenantId, async (tx, locked) => {
      // Under the account lock: another replica may have processed these grants meanwhile.
      const all = await this.repo.grantsBefore(tx, tenantId, cutoff);
      const due = all.filter((g) => g.expiredAt === null && g.expiresAt <= cutoff).sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
      if (!due.length) return { state: locked, count: 0 };
      const spans = all.map((g) => ({ id: g.id, amount: g.amountMicros, grantedAt: g.grantedAt, expiresAt: g.expiresAt }));
      const horizon = due[due.length - 1].expiresAt;
      const bounds = boundaries(spans, horizon);
      const left = remaining(spans, bounds, await this.repo.spendBetween(tx, tenantId, bounds));
      let state = locked;
      for (const g of due) {
        const amount = expiryAmount(left.get(g.id) ?? 0n, state.balanceMicros);
        const posted =
          amount > 0n
            ? await this.ledgerRepo.post(tx, {
                tenantId,
                kind: 'promo_expiry',
                amountMicros: -amount,
                counter: 'promotions',
                actor: 'system:promo-expiry',
                reason: g.reason,
                reference: `promotional credit of ${g.grantedAt.toISOString()}`,
                postedAt: g.expiresAt,
              })
            : null;
        if (posted) state = posted;
        await this.repo.markExpired(tx, tenantId, g.id, { expiredMicros: amount, expiryTransactionId: posted?.transactionId ?? null, at: new Date() });
      }
      return { state, count: due.length };
    });
    return count;
  }
}

function view(g: PromoGrant): PromoGrantView {
  return {
    id: g.id,
    tenantId: g.tenantId,
    amountMicros: toSafeNumber(g.amountMicros),
    grantedAt: g.grantedAt.toISOString(),
    expiresAt: g.expiresAt.toISOString(),
    reason: g.reason,
    actor: g.actor,
    expiredMicros: g.expiredMicros === null ? null : toSafeNumber(g.expiredMicros),
    expiredAt: g.expiredAt?.toISOString() ?? null,
  };
}
