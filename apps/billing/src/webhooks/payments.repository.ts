import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '../infra/prisma.service';

export interface EventRow {
  provider: string;
  eventId: string;
  type: string;
  outcome: 'credited' | 'ignored';
  tenantId?: string;
  amountMicros?: bigint;
  paymentRef?: string;
}

/** Verified webhook events, unique per (provider, event id) and per (provider, payment reference). */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** False when this event (or another event about the same payment) was already recorded. */
  async record(e: EventRow, tx?: Tx): Promise<boolean> {
    const { count } = await (tx ?? this.prisma).paymentEvent.createMany({ data: [e], skipDuplicates: true });
    return count === 1;
  }

  async link(tx: Tx, provider: string, eventId: string, transactionId: bigint): Promise<void> {
    await tx.paymentEvent.update({ where: { provider_eventId: { provider, eventId } }, data: { transactionId } });
  }
}
