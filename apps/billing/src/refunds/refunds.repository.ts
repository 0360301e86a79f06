import { Injectable } from '@nestjs/common';
import { Tx } from '../infra/prisma.service';
import { tenantAccount } from '../ledger/ledger.repository';
import type { Refund } from '../generated/prisma/client';
import { ChargedCall, MAX_REFUND_REQUESTS } from './refund-rules';
import type { TenantId } from '@tollgate/contracts';

export interface NewRefund {
  tenantId: string;
  transactionId: bigint;
  amountMicros: bigint;
  basis: 'requests' | 'amount';
  period: { month: string; timeZone: string; from: Date; to: Date } | null;
  calls: ChargedCall[];
  reason: string;
  actor: string;
  idempotencyKey: string;
  requestHash: string;
  creditNoteNumber: string;
  currency: string;
  issuedAt: Date;
}

export type StoredRefund = Refund & { requests: { requestId: string }[]; creditNote: { id: string; number: string } | null };

/** Refunds, their calls and credit notes. Every method takes the tenant id and runs in the refunding transaction (account lock held). */
@Injectable()
export class RefundsRepository {
  byKey(tx: Tx, tenantId: TenantId, idempotencyKey: string): Promise<StoredRefund | null> {
    return tx.refund.findUnique({
      where: { tenantId_idempotencyKey: { tenantId, idempotencyKey } },
      include: { requests: { select: { requestId: true } }, creditNote: { select: { id: true, number: true } } },
    });
  }

  /** The tenant's usage debits for these request ids (a call with no debit was free or is not this tenant's). */
  charged(tx: Tx, tenantId: TenantId, requestIds: readonly string[]): Promise<ChargedCall[]> {
    return tx.$queryRaw<ChargedCall[]>`
      SELECT t.request_id AS "requestId", -e.amount_micros AS "chargedMicros", e.posted_at AS "chargedAt"
      FROM billing.ledger_transactions t
      JOIN billing.ledger_entries e ON e.transaction_id = t.id AND e.account_code = ${tenantAccount(tenantId)}
      WHERE t.tenant_id = ${tenantId}::uuid AND t.kind = 'usage' AND t.request_id = ANY(${requestIds as string[]})`;
  }

  /** Request ids among these that were refunded before. */
  async refunded(tx: Tx, tenantId: TenantId, requestIds: readonly string[]): Promise<string[]> {
    const rows = await tx.refundRequest.findMany({ where: { tenantId, requestId: { in: [...requestIds] } }, select: { requestId: true } });
    return rows.map((r) => r.requestId);
  }

  /**
   * The tenant's charged calls from one request to another, inclusive, in the order the request log
   * booked them (both ends must be in the log); at most MAX_REFUND_REQUESTS + 1, so a longer range is refused.
   */
  async range(tx: Tx, tenantId: TenantId, fromRequestId: string, toRequestId: string): Promise<{ ends: number; ids: string[] }> {
    const ends = await tx.usageRecord.findMany({
      where: { tenantId, requestId: { in: [fromRequestId, toRequestId] } },
      select: { requestId: true, seq: true },
    });
    const seq = new Map(ends.map((e) => [e.requestId, e.seq]));
    const [a, b] = [seq.get(fromRequestId), seq.get(toRequestId)];
    if (a === undefined || b === undefined) return { ends: seq.size, ids: [] };
    const rows = await tx.usageRecord.findMany({
      where: { tenantId, seq: { gte: a < b ? a : b, lte: a < b ? b : a }, costMicros: { gt: 0n } },
      orderBy: { seq: 'asc' },
      take: MAX_REFUND_REQUESTS + 1,
      select: { requestId: true },
    });
    return { ends: 2, ids: rows.map((r) => r.requestId) };
  }

  /** Usage charged in [from, to) (the tenant's usage debits), and what was refunded against it already: its calls, and amount refunds of an overlapping period. */
  async periodFigures(tx: Tx, tenantId: TenantId, from: Date, to: Date): Promise<{ charged: bigint; refunded: bigint }> {
    const [row] = await tx.$queryRaw<{ charged: bigint; calls: bigint; amounts: bigint }[]>`
      SELECT
        (SELECT COALESCE(-SUM(e.amount_micros), 0)::bigint FROM billing.ledger_entries e JOIN billing.ledger_transactions t ON t.id = e.transaction_id
          WHERE e.account_code = ${tenantAccount(tenantId)} AND t.kind = 'usage' AND e.posted_at >= ${from} AND e.posted_at < ${to}) AS charged,
        (SELECT COALESCE(SUM(amount_micros), 0)::bigint FROM billing.refund_requests
          WHERE tenant_id = ${tenantId}::uuid AND charged_at >= ${from} AND charged_at < ${to}) AS calls,
        (SELECT COALESCE(SUM(amount_micros), 0)::bigint FROM billing.refunds
          WHERE tenant_id = ${tenantId}::uuid AND basis = 'amount' AND period_from < ${to} AND period_to > ${from}) AS amounts`;
    return { charged: row.charged, refunded: row.calls + row.amounts };
  }

  /** Periods that amount refunds were made against, overlapping [from, to]: a refund of calls in them must leave them within their charges. */
  async amountPeriods(tx: Tx, tenantId: TenantId, from: Date, to: Date): Promise<{ month: string; timeZone: string; from: Date; to: Date }[]> {
    const rows = await tx.refund.findMany({
      where: { tenantId, basis: 'amount', periodFrom: { lte: to }, periodTo: { gt: from } },
      distinct: ['periodFrom', 'periodTo'],
      select: { period: true, timeZone: true, periodFrom: true, periodTo: true },
    });
    return rows.map((r) => ({ month: r.period ?? '', timeZone: r.timeZone ?? 'UTC', from: r.periodFrom as Date, to: r.periodTo as Date }));
  }

  /** The next credit note number of the year: the counter row stays locked until the transaction ends, so a rollback gives the number back. */
  async nextNumber(tx: Tx, year: number): Promise<string> {
    await tx.$executeRaw`INSERT INTO billing.credit_note_counters (year, last) VALUES (${year}, 0) ON CONFLICT (year) DO NOTHING`;
    const [{ last }] = await tx.$queryRaw<{ last: number }[]>`UPDATE billing.credit_note_counters SET last = last + 1 WHERE year = ${year} RETURNING last`;
    return `CN-${year}-${String(last).padStart(6, '0')}`;
  }

  async insert(tx: Tx, r: NewRefund): Promise<StoredRefund> {
    const refund = await tx.refund.create({
      data: {
        tenantId: r.tenantId,
        transactionId: r.transactionId,
        amountMicros: r.amountMicros,
        basis: r.basis,
        period: r.period?.month ?? null,
        timeZone: r.period?.timeZone ?? null,
        periodFrom: r.period?.from ?? null,
        periodTo: r.period?.to ?? null,
        reason: r.reason,
        actor: r.actor,
        idempotencyKey: r.idempotencyKey,
        requestHash: r.requestHash,
        createdAt: r.issuedAt,
      },
    });
    if (r.calls.length) {
      await tx.refundRequest.createMany({
        data: r.calls.map((c) => ({
          requestId: c.requestId,
          refundId: refund.id,
          tenantId: r.tenantId,
          amountMicros: c.chargedMicros,
          chargedAt: c.chargedAt,
        })),
      });
    }
    const note = await tx.creditNote.create({
      data: { number: r.creditNoteNumber, tenantId: r.tenantId, refundId: refund.id, totalMicros: r.amountMicros, currency: r.currency, issuedAt: r.issuedAt },
      select: { id: true, number: true },
    });
    return { ...refund, requests: r.calls.map((c) => ({ requestId: c.requestId })), creditNote: note };
  }
}
