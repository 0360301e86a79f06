import { Injectable } from '@nestjs/common';
import { Tx } from '../infra/prisma.service';
import { InvoicesRepository } from '../invoices/invoices.repository';
import { LedgerRepository, Posted } from '../ledger/ledger.repository';
import type { TenantId } from '@tollgate/contracts';

export interface PaymentCredit {
  tenantId: string;
  provider: string;
  paymentRef: string;
  amountMicros: bigint;
  currency: string;
  /** `webhook:<provider>` for an automatic credit, the admin actor for a reviewed one. */
  actor: string;
  reason?: string;
}

/** Whether a balance can take a credit and still be read back exactly (JSON numbers, Redis). */
export function creditFits(balanceMicros: bigint, amountMicros: bigint): boolean {
  return amountMicros > 0n && balanceMicros + amountMicros <= BigInt(Number.MAX_SAFE_INTEGER);
}

/** The ledger side of a payment: one top-up transaction and its invoice, inside the caller's locked transaction. */
@Injectable()
export class PaymentCredits {
  constructor(
    private readonly entries: LedgerRepository,
    private readonly invoices: InvoicesRepository,
  ) {}

  async post(tx: Tx, c: PaymentCredit): Promise<Posted> {
    const reference = `${c.provider}:${c.paymentRef}`;
    const posted = await this.entries.post(tx, {
      tenantId: c.tenantId,
      kind: 'top_up',
      amountMicros: c.amountMicros,
      counter: 'payments',
      actor: c.actor,
      reference,
      reason: c.reason,
    });
    await this.invoices.issue(tx, {
      tenantId: c.tenantId,
      transactionId: posted.transactionId,
      totalMicros: c.amountMicros,
      currency: c.currency,
      reference,
      issuedAt: posted.postedAt,
    });
    return posted;
  }
}
