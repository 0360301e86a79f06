import { Inject, Injectable, Logger } from '@nestjs/common';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { BillingError } from '../errors/billing.error';
import { TenantDirectory } from '../ledger/tenant-directory';
import { LedgerService } from '../ledger/ledger.service';
import { toSafeNumber } from '../money/money';
import { creditFits, PaymentCredits } from './payment-credits';
import { PaymentEventRow, PaymentsRepository, PENDING_OUTCOMES, PendingOutcome } from './payments.repository';
import { PaymentsMetrics } from './payments.metrics';
import type { TenantId } from '@tollgate/contracts';
import { asTenantId } from '@tollgate/contracts';

/** A payment event as the admin API shows it; amounts as decimal strings (a held one may pass 2^53). */
export interface PaymentEventView {
  id: string;
  provider: string;
  eventId: string;
  type: string;
  paymentRef: string | null;
  outcome: string;
  tenantId: string | null;
  amountMicros: string | null;
  transactionId: string | null;
  receivedAt: string;
}

export interface SettledPayment {
  payment: PaymentEventView;
  balanceMicros: number;
}

const view = (r: PaymentEventRow): PaymentEventView => ({
  id: r.id,
  provider: r.provider,
  eventId: r.eventId,
  type: r.type,
  paymentRef: r.paymentRef,
  outcome: r.outcome,
  tenantId: r.tenantId,
  amountMicros: r.amountMicros === null ? r.amountMicrosText : r.amountMicros.toString(),
  transactionId: r.transactionId === null ? null : r.transactionId.toString(),
  receivedAt: r.receivedAt.toISOString(),
});

const invalid = (message: string) => new BillingError('invalid_request', message);

/**
 * Payments an admin must decide: `held_for_review` (too large) and `unmatched` (unknown tenant).
 * Approving credits the tenant the event names; assigning credits the tenant the admin names
 * (creating its account). Either credits exactly once, as a top-up with an invoice, under the
 * admin actor and a reason on the ledger transaction, like an admin credit.
 */
@Injectable()
export class PaymentReviewService {
  private readonly logger = new Logger('PaymentReview');

  constructor(
    private readonly ledger: LedgerService,
    private readonly credits: PaymentCredits,
    private readonly payments: PaymentsRepository,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    private readonly metrics: PaymentsMetrics,
    private readonly tenants: TenantDirectory,
  ) {}

  async pending(outcome: string | undefined, limit: number): Promise<{ data: PaymentEventView[] }> {
    if (outcome !== undefined && !(PENDING_OUTCOMES as readonly string[]).includes(outcome)) {
      throw invalid(`outcome must be one of ${PENDING_OUTCOMES.join(', ')}.`);
    }
    const outcomes = outcome ? [outcome as PendingOutcome] : PENDING_OUTCOMES;
    const rows = await this.payments.pending(outcomes, Math.min(Math.max(limit, 1), 500));
    return { data: rows.map(view) };
  }

  /** Credits a pending event to `tenantId`, or to the tenant it names when none is given. */
  async settle(id: string, actor: string, opts: { tenantId?: TenantId; reason?: string }): Promise<SettledPayment> {
    const event = await this.payments.find(id);
    if (!event) throw new BillingError('not_found', 'No such payment event.');
    const tenantId = opts.tenantId?.toLowerCase() ?? event.tenantId;
    if (!tenantId) throw invalid('This payment names no tenant: assign it to one.');
    if (!(PENDING_OUTCOMES as readonly string[]).includes(event.outcome)) throw invalid(`This payment is ${event.outcome}, not awaiting review.`);
    const how = opts.tenantId ? 'assigned' : 'approved';
    // An admin's choice of tenant is checked like a webhook's: money goes only to a tenant auth knows.
    if (opts.tenantId) await this.tenants.mustExist(asTenantId(tenantId));
    const { claimed, posted } = await this.ledger.commit(asTenantId(tenantId), async (tx, locked) => {
      const claimed = await this.payments.claim(tx, id, asTenantId(tenantId));
      if (!claimed) throw invalid('This payment was settled meanwhile.');
      const amount = claimed.amountMicros;
      if (amount === null || !creditFits(locked.balanceMicros, amount)) {
        throw invalid('This amount cannot be credited (it would pass the largest balance billing can hold); credit the tenant by hand if it is real.');
      }
      const reason = opts.reason ?? `payment ${claimed.provider}:${claimed.eventId} ${how} after review (${event.outcome})`;
      const posted = await this.credits.post(tx, {
        tenantId,
        provider: claimed.provider,
        paymentRef: claimed.paymentRef ?? claimed.eventId,
        amountMicros: amount,
        currency: this.config.CURRENCY,
        actor,
        reason,
      });
      await this.payments.linkById(tx, id, posted.transactionId);
      return { state: posted, posted, claimed: { ...claimed, transactionId: posted.transactionId } };
    });
    this.metrics.paymentCredited(tenantId, claimed.provider, 'review');
    this.logger.log(
      { paymentEventId: id, tenantId, actor, how, was: event.outcome, amountMicros: claimed.amountMicros?.toString() },
      'payment settled by admin',
    );
    return { payment: view(claimed), balanceMicros: toSafeNumber(posted.balanceMicros) };
  }
}
