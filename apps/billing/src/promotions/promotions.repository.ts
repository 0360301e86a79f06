import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '../infra/prisma.service';
import { tenantAccount } from '../ledger/ledger.repository';
import type { PromoGrant } from '../generated/prisma/client';
import type { TenantId } from '@tollgate/contracts';

/** Promotional grants. Every method takes the tenant id, except the sweep's list of tenants with grants due. */
@Injectable()
export class PromotionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  byKey(tx: Tx, tenantId: TenantId, idempotencyKey: string): Promise<PromoGrant | null> {
    return tx.promoGrant.findUnique({ where: { tenantId_idempotencyKey: { tenantId, idempotencyKey } } });
  }

  create(tx: Tx, data: Omit<PromoGrant, 'id' | 'expiredMicros' | 'expiryTransactionId' | 'expiredAt'>): Promise<PromoGrant> {
    return tx.promoGrant.create({ data });
  }

  list(tenantId: TenantId): Promise<PromoGrant[]> {
    return this.prisma.promoGrant.findMany({ where: { tenantId }, orderBy: { grantedAt: 'desc' } });
  }

  /** Tenants with a grant expired at or before `cutoff` and not yet processed (a page of them). */
  async tenantsDue(cutoff: Date, limit = 200): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ tenant_id: string }[]>`
      SELECT DISTINCT tenant_id::text FROM billing.promo_grants WHERE expired_at IS NULL AND expires_at <= ${cutoff} LIMIT ${limit}`;
    return rows.map((r) => r.tenant_id);
  }

  /** Every grant of the tenant granted before `horizon` (processed ones too: they took their share of spend). */
  grantsBefore(tx: Tx, tenantId: TenantId, horizon: Date): Promise<PromoGrant[]> {
    return tx.promoGrant.findMany({ where: { tenantId, grantedAt: { lte: horizon } }, orderBy: { grantedAt: 'asc' } });
  }

  /** Spend (debits other than promo expiries, positive) in each [bounds[i], bounds[i+1]). */
  async spendBetween(tx: Tx, tenantId: TenantId, bounds: readonly Date[]): Promise<bigint[]> {
    const spend = bounds.slice(1).map(() => 0n);
    if (bounds.length < 2) return spend;
    const rows = await tx.$queryRaw<{ bucket: number; spend: bigint }[]>`
      SELECT width_bucket(e.posted_at, ${bounds.map((b) => b.toISOString())}::timestamptz[]) AS bucket, (-SUM(e.amount_micros))::bigint AS spend
      FROM billing.ledger_entries e JOIN billing.ledger_transactions t ON t.id = e.transaction_id
      WHERE e.account_code = ${tenantAccount(tenantId)} AND e.amount_micros < 0 AND t.kind <> 'promo_expiry'
        AND e.posted_at >= ${bounds[0]} AND e.posted_at < ${bounds[bounds.length - 1]}
      GROUP BY 1`;
    for (const r of rows) spend[Number(r.bucket) - 1] = r.spend;
    return spend;
  }

  /** Marks a grant expired once: `expiredMicros` taken back by the ledger transaction `expiryTransactionId` (null if none). */
  markExpired(tx: Tx, tenantId: TenantId, id: string, expiry: { expiredMicros: bigint; expiryTransactionId: bigint | null; at: Date }): Promise<unknown> {
    const { expiredMicros, expiryTransactionId, at } = expiry;
    return tx.promoGrant.updateMany({ where: { id, tenantId, expiredAt: null }, data: { expiredMicros, expiryTransactionId, expiredAt: at } });
  }
}
