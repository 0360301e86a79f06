import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '../infra/prisma.service';
import type { PaymentEvent } from '../generated/prisma/client';
import { PG_BIGINT_MAX, type TenantId } from '@tollgate/contracts';

/**
 * What became of a verified event: credited to its tenant; ignored (nothing to credit); held for
 * review (amount above `PAYMENT_MAX_MICROS`, or one the balance cannot take); unmatched (a tenant
 * billing has no account for). The last two wait for an admin to approve or assign them.
 */
export type PaymentOutcome = 'credited' | 'ignored' | 'held_for_review' | 'unmatched';
export const PENDING_OUTCOMES = ['held_for_review', 'unmatched'] as const;
export type PendingOutcome = (typeof PENDING_OUTCOMES)[number];

/** Largest value of a Postgres BIGINT: an amount past it is recorded without its figure. */

export interface EventRow {
  provider: string;
  eventId: string;
  type: string;
  outcome: PaymentOutcome;
  tenantId?: string;
  amountMicros?: bigint;
  paymentRef?: string;
}

/** A payment_events row as Prisma generates it. */
export type PaymentEventRow = PaymentEvent;

/** Verified webhook events, unique per (provider, event id) and per (provider, payment reference). */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** False when this event (or another event about the same payment) was already recorded. */
  async record(e: EventRow, tx?: Tx): Promise<boolean> {
    // An amount past bigint is kept as text (at most ~320 digits: JSON numbers end near 1.8e308), never lost.
    const big = e.amountMicros !== undefined && e.amountMicros > PG_BIGINT_MAX ? e.amountMicros.toString().slice(0, 400) : undefined;
    const amount = big === undefined ? { amountMicros: e.amountMicros } : { amountMicros: undefined, amountMicrosText: big };
    const { count } = await (tx ?? this.prisma).paymentEvent.createMany({ data: [{ ...e, ...amount }], skipDuplicates: true });
    return count === 1;
  }

  async link(tx: Tx, provider: string, eventId: string, transactionId: bigint): Promise<void> {
    await tx.paymentEvent.update({ where: { provider_eventId: { provider, eventId } }, data: { transactionId } });
  }

  /** Events waiting for an admin, newest first. */
  pending(outcomes: readonly PendingOutcome[], limit: number): Promise<PaymentEventRow[]> {
    return this.prisma.paymentEvent.findMany({ where: { outcome: { in: [...outcomes] } }, orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }], take: limit });
  }

  find(id: string): Promise<PaymentEventRow | null> {
    return this.prisma.paymentEvent.findUnique({ where: { id } });
  }

  /**
   * Inside the crediting transaction: moves a pending event to `credited` for `tenantId`. The row
   * lock makes a concurrent claim wait and then find it no longer pending, so an event credits once.
   * Null when the event is not pending (any more).
   */
  async claim(tx: Tx, id: string, tenantId: TenantId): Promise<PaymentEventRow | null> {
    const rows = await tx.$queryRaw<PaymentEventRow[]>`
      UPDATE billing.payment_events SET outcome = 'credited', tenant_id = ${tenantId}::uuid
      WHERE id = ${id}::uuid AND outcome IN ('held_for_review', 'unmatched')
      RETURNING id::text, provider, event_id AS "eventId", type, payment_ref AS "paymentRef", outcome,
                tenant_id::text AS "tenantId", amount_micros AS "amountMicros", transaction_id AS "transactionId", received_at AS "receivedAt"`;
    return rows[0] ?? null;
  }

  async linkById(tx: Tx, id: string, transactionId: bigint): Promise<void> {
    await tx.paymentEvent.update({ where: { id }, data: { transactionId } });
  }
}
