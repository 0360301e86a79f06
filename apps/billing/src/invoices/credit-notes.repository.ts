import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';
import { tenantAccount } from '../ledger/ledger.repository';
import type { CreditNote, Refund, RefundRequest } from '../generated/prisma/client';
import type { TenantId } from '@tollgate/contracts';

/** A refund's credit note, as stored when the refund was posted (number from its gapless series). */
export interface CreditNoteRow {
  id: string;
  number: string;
  issuedAt: Date;
  totalMicros: bigint;
  currency: string;
  reason: string;
  /** requests | amount */
  basis: string;
  /** Amount refunds: the statement month and its time zone. */
  period: string | null;
  timeZone: string | null;
  /** Request refunds: each call and what it was charged, oldest first. */
  requests: { requestId: string; amountMicros: bigint; chargedAt: Date }[];
}

/** A credit the operator gave (a positive adjustment or a promotional grant): documented by a credit receipt, derived from the ledger. */
export interface CreditReceiptRow {
  id: string;
  number: string;
  transactionId: bigint;
  kind: string;
  postedAt: Date;
  amountMicros: bigint;
  reason: string | null;
}

/** Stable id of a credit receipt (derived from the tenant and the ledger transaction, so only that tenant can name it). */
export function creditReceiptId(tenantId: TenantId, transactionId: bigint): string {
  const h = createHash('sha256').update(`credit-note:${tenantId}:${transactionId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-b${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** CR-2026-000042: the year it was posted and its ledger transaction number (unique, not consecutive: receipts are not a numbered series). */
export const creditReceiptNumber = (postedAt: Date, transactionId: bigint): string =>
  `CR-${postedAt.getUTCFullYear()}-${transactionId.toString().padStart(6, '0')}`;

const WITH_REFUND = { refund: { select: { reason: true, basis: true, period: true, timeZone: true, requests: { orderBy: { chargedAt: 'asc' as const } } } } };

type NoteWithRefund = CreditNote & { refund: Pick<Refund, 'reason' | 'basis' | 'period' | 'timeZone'> & { requests: RefundRequest[] } };

function toRow({ refund, ...n }: NoteWithRefund): CreditNoteRow {
  return {
    id: n.id,
    number: n.number,
    issuedAt: n.issuedAt,
    totalMicros: n.totalMicros,
    currency: n.currency,
    reason: refund.reason,
    basis: refund.basis,
    period: refund.period,
    timeZone: refund.timeZone,
    requests: refund.requests.map((r) => ({ requestId: r.requestId, amountMicros: r.amountMicros, chargedAt: r.chargedAt })),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Credit notes (refunds) and credit receipts (operator credits, promotional grants) of one tenant. */
@Injectable()
export class CreditNotesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Newest first. */
  async notes(tenantId: TenantId): Promise<CreditNoteRow[]> {
    return (await this.prisma.creditNote.findMany({ where: { tenantId }, orderBy: { issuedAt: 'desc' }, include: WITH_REFUND })).map(toRow);
  }

  async note(tenantId: TenantId, id: string): Promise<CreditNoteRow | null> {
    if (!UUID.test(id)) return null;
    const row = await this.prisma.creditNote.findFirst({ where: { id: id.toLowerCase(), tenantId }, include: WITH_REFUND });
    return row ? toRow(row) : null;
  }

  /** Newest first: positive adjustments and promotional grants on the tenant's account. */
  async receipts(tenantId: TenantId): Promise<CreditReceiptRow[]> {
    const rows = await this.prisma.ledgerEntry.findMany({
      where: { accountCode: tenantAccount(tenantId), amountMicros: { gt: 0n }, transaction: { tenantId, kind: { in: ['adjustment', 'promo_grant'] } } },
      orderBy: { id: 'desc' },
      select: { amountMicros: true, transaction: { select: { id: true, kind: true, postedAt: true, reason: true } } },
    });
    return rows.map(({ amountMicros, transaction: t }) => ({
      id: creditReceiptId(tenantId, t.id),
      number: creditReceiptNumber(t.postedAt, t.id),
      transactionId: t.id,
      kind: t.kind,
      postedAt: t.postedAt,
      amountMicros,
      reason: t.reason,
    }));
  }

  async receipt(tenantId: TenantId, id: string): Promise<CreditReceiptRow | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-b[0-9a-f]{3}-[0-9a-f]{12}$/i.test(id)) return null;
    return (await this.receipts(tenantId)).find((n) => n.id === id.toLowerCase()) ?? null;
  }
}
