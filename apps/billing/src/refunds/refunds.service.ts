import { Inject, Injectable } from '@nestjs/common';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { BillingError } from '../errors/billing.error';
import { Tx } from '../infra/prisma.service';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerService } from '../ledger/ledger.service';
import { toSafeNumber } from '../money/money';
import { statementNumber } from '../statements/statements.service';
import { timeZoneOf, zonedMonthRange } from '../statements/time-zone';
import { ChargedCall, checkAmountRefund, MAX_REFUND_REQUESTS, parseRefund, RefundAsk, RefundInput, refundHash, refundOfCalls } from './refund-rules';
import { NewRefund, RefundsRepository, StoredRefund } from './refunds.repository';
import type { TenantId } from '@tollgate/contracts';

export interface RefundView {
  id: string;
  tenantId: string;
  basis: 'requests' | 'amount';
  amountMicros: number;
  currency: string;
  reason: string;
  creditNote: { id: string; number: string } | null;
  requestIds: string[];
  period: string | null;
  timeZone: string | null;
  transactionId: string;
  actor: string;
  createdAt: string;
  /** True when this answers a retry of an earlier request with the same idempotency key. */
  replayed: boolean;
}

/**
 * Refunds credit the balance back by a `refund` ledger entry (against revenue) and issue a credit
 * note, all in one transaction under the tenant's account lock: the checks (charged, not refunded
 * yet, not above what a period has left), the credit note's number and the entry commit together or
 * not at all. Idempotent on the caller's key.
 */
@Injectable()
export class RefundsService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly ledgerRepo: LedgerRepository,
    private readonly repo: RefundsRepository,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  async refund(tenantId: TenantId, input: RefundInput, actor: string): Promise<RefundView> {
    const { ask, reason, idempotencyKey } = parseRefund(input, (tz) => timeZoneOf(tz));
    const requestHash = refundHash(ask, reason);
    const { refund, replayed } = await this.ledger.commit(tenantId, async (tx, locked) => {
      const earlier = await this.repo.byKey(tx, tenantId, idempotencyKey);
      if (earlier) {
        if (earlier.requestHash !== requestHash) throw new BillingError('idempotency_conflict', 'This idempotency key was used for a different refund.');
        return { state: locked, refund: earlier, replayed: true };
      }
      const plan = await this.plan(tx, tenantId, ask);
      const issuedAt = new Date();
      const creditNoteNumber = await this.repo.nextNumber(tx, issuedAt.getUTCFullYear());
      const posted = await this.ledgerRepo.post(tx, {
        tenantId,
        kind: 'refund',
        amountMicros: plan.amountMicros,
        counter: 'revenue',
        actor,
        reason,
        reference: creditNoteNumber,
        postedAt: issuedAt,
      });
      const row: NewRefund = {
        tenantId,
        transactionId: posted.transactionId,
        ...plan,
        reason,
        actor,
        idempotencyKey,
        requestHash,
        creditNoteNumber,
        currency: this.config.CURRENCY,
        issuedAt,
      };
      return { state: posted, refund: await this.repo.insert(tx, row), replayed: false };
    });
    return this.view(refund, replayed);
  }

  /** What the refund credits, checked against the ledger (inside the transaction). */
  private async plan(tx: Tx, tenantId: TenantId, ask: RefundAsk): Promise<Pick<NewRefund, 'amountMicros' | 'basis' | 'period' | 'calls'>> {
    if (ask.basis === 'amount') {
      const { from, to } = zonedMonthRange(ask.month, ask.timeZone);
      const { charged, refunded } = await this.repo.periodFigures(tx, tenantId, from, to);
      checkAmountRefund(ask.amountMicros, charged, refunded, `statement ${statementNumber(ask.month)} (${ask.timeZone})`);
      return { amountMicros: ask.amountMicros, basis: 'amount', period: { month: ask.month, timeZone: ask.timeZone, from, to }, calls: [] };
    }
    const ids = ask.basis === 'requests' ? ask.requestIds : await this.rangeIds(tx, tenantId, ask.fromRequestId, ask.toRequestId);
    const [charged, already] = await Promise.all([this.repo.charged(tx, tenantId, ids), this.repo.refunded(tx, tenantId, ids)]);
    const { amount, calls } = refundOfCalls(ids, charged, already);
    await this.checkAmountRefundedPeriods(tx, tenantId, calls);
    return { amountMicros: amount, basis: 'requests', period: null, calls };
  }

  /** Calls in a month an amount was refunded against: that month's refunds, these included, stay within its charges. */
  private async checkAmountRefundedPeriods(tx: Tx, tenantId: TenantId, calls: readonly ChargedCall[]): Promise<void> {
    const times = calls.map((c) => c.chargedAt.getTime());
    const periods = await this.repo.amountPeriods(tx, tenantId, new Date(Math.min(...times)), new Date(Math.max(...times)));
    for (const p of periods) {
      const inPeriod = calls.filter((c) => c.chargedAt >= p.from && c.chargedAt < p.to).reduce((s, c) => s + c.chargedMicros, 0n);
      if (inPeriod === 0n) continue;
      const { charged, refunded } = await this.repo.periodFigures(tx, tenantId, p.from, p.to);
      checkAmountRefund(inPeriod, charged, refunded, `statement ${statementNumber(p.month)} (${p.timeZone}), which an amount was refunded against,`);
    }
  }

  private async rangeIds(tx: Tx, tenantId: TenantId, fromId: string, toId: string): Promise<string[]> {
    const { ends, ids } = await this.repo.range(tx, tenantId, fromId, toId);
    if (ends < 2) throw new BillingError('not_found', "Both ends of the range must be request ids in this tenant's request log.");
    if (ids.length === 0) throw new BillingError('not_found', 'The range holds no charged call.');
    if (ids.length > MAX_REFUND_REQUESTS)
      throw new BillingError('invalid_request', `The range holds more than ${MAX_REFUND_REQUESTS} charged calls: split it.`);
    return ids;
  }

  private view(r: StoredRefund, replayed: boolean): RefundView {
    return {
      id: r.id,
      tenantId: r.tenantId,
      basis: r.basis as RefundView['basis'],
      amountMicros: toSafeNumber(r.amountMicros),
      currency: this.config.CURRENCY,
      reason: r.reason,
      creditNote: r.creditNote,
      requestIds: r.requests.map((q) => q.requestId),
      period: r.period,
      timeZone: r.timeZone,
      transactionId: r.transactionId.toString(),
      actor: r.actor,
      createdAt: r.createdAt.toISOString(),
      replayed,
    };
  }
}
