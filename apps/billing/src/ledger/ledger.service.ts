import { Inject, Injectable } from '@nestjs/common';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { BillingError } from '../errors/billing.error';
import { PrismaService, Tx } from '../infra/prisma.service';
import { toSafeNumber } from '../money/money';
import { CreditSyncService } from './credit-sync.service';
import { AccountState, LedgerRepository } from './ledger.repository';
import type { TenantId } from '@tollgate/contracts';

export interface BalanceView {
  tenantId: string;
  currency: string;
  balanceMicros: number;
  version: string;
}

export interface LedgerEntryView {
  id: string;
  at: string;
  kind: string;
  amountMicros: number;
  requestId: string | null;
  reference: string | null;
  reason: string | null;
  actor: string;
}

@Injectable()
export class LedgerService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly ledger: LedgerRepository,
    private readonly sync: CreditSyncService,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  /**
   * Runs `fn` in one transaction holding the tenant's account lock, then books the resulting
   * balance into Redis. `fn` returns the account state after its writes (or the locked state).
   */
  async commit<T extends { state: AccountState }>(tenantId: TenantId, fn: (tx: Tx, locked: AccountState) => Promise<T>, requestId?: string): Promise<T> {
    const result = await this.prisma.tx(async (tx) => fn(tx, await this.ledger.lock(tx, tenantId)));
    await this.sync.book(tenantId, result.state, requestId);
    return result;
  }

  async balance(tenantId: TenantId): Promise<BalanceView> {
    const s = await this.ledger.state(tenantId);
    return { tenantId, currency: this.config.CURRENCY, balanceMicros: toSafeNumber(s.balanceMicros), version: s.version.toString() };
  }

  async entries(tenantId: TenantId, limit: number, before?: string): Promise<{ data: LedgerEntryView[]; nextCursor: string | null }> {
    if (before !== undefined && !/^\d{1,19}$/.test(before)) throw new BillingError('invalid_request', "'before' must be an entry id.");
    const take = Math.min(Math.max(limit, 1), 500);
    const rows = await this.ledger.entries(tenantId, take, before ? BigInt(before) : undefined);
    const data = rows.map((r) => ({
      id: r.id.toString(),
      at: r.postedAt.toISOString(),
      kind: r.transaction.kind,
      amountMicros: toSafeNumber(r.amountMicros),
      requestId: r.transaction.requestId,
      reference: r.transaction.reference,
      reason: r.transaction.reason,
      actor: r.transaction.actor,
    }));
    return { data, nextCursor: rows.length === take ? rows[rows.length - 1].id.toString() : null };
  }

  /** Manual credit (positive) or debit (negative) by an operator; never takes the balance below zero. */
  async adjust(tenantId: TenantId, amountMicros: bigint, reason: string, actor: string): Promise<BalanceView & { transactionId: string }> {
    if (amountMicros === 0n) throw new BillingError('invalid_request', 'amountMicros must not be zero.');
    const { posted } = await this.commit(tenantId, async (tx, locked) => {
      if (locked.balanceMicros + amountMicros < 0n) {
        throw new BillingError('insufficient_balance', `An adjustment of ${amountMicros} would take the balance below zero.`);
      }
      const p = await this.ledger.post(tx, { tenantId, kind: 'adjustment', amountMicros, counter: 'adjustments', actor, reason });
      return { state: p, posted: p };
    });
    return {
      tenantId,
      currency: this.config.CURRENCY,
      balanceMicros: toSafeNumber(posted.balanceMicros),
      version: posted.version.toString(),
      transactionId: posted.transactionId.toString(),
    };
  }
}
