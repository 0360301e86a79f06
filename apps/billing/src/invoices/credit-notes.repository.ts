import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';
import { tenantAccount } from '../ledger/ledger.repository';

/** A ledger credit the operator gave a tenant (a positive adjustment) or a refund: what a credit note documents. */
export interface CreditNoteRow {
  id: string;
  number: string;
  transactionId: bigint;
  kind: string;
  postedAt: Date;
  /** Positive: the amount credited (an adjustment) or refunded. */
  amountMicros: bigint;
  reason: string | null;
  reference: string | null;
}

/** Stable id of a credit note (derived from the tenant and the ledger transaction, so only that tenant can name it). */
export function creditNoteId(tenantId: string, transactionId: bigint): string {
  const h = createHash('sha256').update(`credit-note:${tenantId}:${transactionId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-b${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** CN-2026-000042: the year it was posted and its ledger transaction number (unique, not consecutive per tenant). */
export const creditNoteNumber = (postedAt: Date, transactionId: bigint): string => `CN-${postedAt.getUTCFullYear()}-${transactionId.toString().padStart(6, '0')}`;

/** Credit notes are read from the ledger itself: nothing to issue or store, every one reconciles by construction. */
@Injectable()
export class CreditNotesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Newest first: positive adjustments and refunds on the tenant's account. */
  async list(tenantId: string): Promise<CreditNoteRow[]> {
    const rows = await this.prisma.ledgerEntry.findMany({
      where: { accountCode: tenantAccount(tenantId), transaction: { tenantId, kind: { in: ['adjustment', 'refund'] } } },
      orderBy: { id: 'desc' },
      select: { amountMicros: true, transaction: { select: { id: true, kind: true, postedAt: true, reason: true, reference: true } } },
    });
    return rows
      .filter((r) => r.transaction.kind === 'refund' || r.amountMicros > 0n)
      .map(({ amountMicros, transaction: t }) => ({
        id: creditNoteId(tenantId, t.id),
        number: creditNoteNumber(t.postedAt, t.id),
        transactionId: t.id,
        kind: t.kind,
        postedAt: t.postedAt,
        amountMicros: amountMicros < 0n ? -amountMicros : amountMicros,
        reason: t.reason,
        reference: t.reference,
      }));
  }

  async find(tenantId: string, id: string): Promise<CreditNoteRow | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-b[0-9a-f]{3}-[0-9a-f]{12}$/i.test(id)) return null;
    return (await this.list(tenantId)).find((n) => n.id === id.toLowerCase()) ?? null;
  }
}
