import { Inject, Injectable, Logger } from '@nestjs/common';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { BillingError } from '../errors/billing.error';
import { LedgerService } from '../ledger/ledger.service';
import { creditFits, PaymentCredits } from './payment-credits';
import { PaymentEventInfo, standardEvent, stripeEvent } from './payment-events';
import { EventRow, PaymentsRepository } from './payments.repository';
import { PaymentsMetrics } from './payments.metrics';
import { Headers, verifyStandard, verifyStripe } from './signatures';
import { TenantDirectory } from '../ledger/tenant-directory';
import { asTenantId } from '@tollgate/contracts';

export type WebhookOutcome = 'credited' | 'duplicate' | 'ignored' | 'held_for_review' | 'unmatched';
type Payment = NonNullable<PaymentEventInfo['payment']>;

/**
 * Payment webhooks: signature on the raw bytes first, then JSON, then one of
 * - held for review: an amount above `PAYMENT_MAX_MICROS`, or one the balance cannot take;
 * - unmatched: a tenant auth does not know (never credited blindly, no invoice);
 * - credited: one transaction records the event, credits the ledger and issues the invoice.
 * Every verified event answers 200 (a provider retries anything else); replays, sequential or
 * concurrent, find the event already recorded and write nothing.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly ledger: LedgerService,
    private readonly credits: PaymentCredits,
    private readonly payments: PaymentsRepository,
    private readonly tenants: TenantDirectory,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    private readonly metrics: PaymentsMetrics,
  ) {}

  async receive(provider: string, headers: Headers, raw: Buffer): Promise<{ received: true; outcome: WebhookOutcome }> {
    const event = this.verifyAndParse(provider, headers, raw);
    if (!event.payment) {
      await this.payments.record({ provider, eventId: event.eventId, type: event.type, outcome: 'ignored' });
      this.logger.log({ provider, eventId: event.eventId, type: event.type, reason: event.ignoredBecause }, 'webhook ignored');
      return { received: true, outcome: 'ignored' };
    }
    const outcome = await this.settle(provider, event, event.payment);
    if (outcome === 'credited') this.metrics.paymentCredited(event.payment.tenantId, provider, 'webhook');
    this.logger.log(
      { provider, eventId: event.eventId, tenantId: event.payment.tenantId, amountMicros: event.payment.amountMicros.toString(), outcome },
      'payment webhook',
    );
    return { received: true, outcome };
  }

  private async settle(provider: string, event: PaymentEventInfo, p: Payment): Promise<WebhookOutcome> {
    const row = { provider, eventId: event.eventId, type: event.type, tenantId: p.tenantId, amountMicros: p.amountMicros, paymentRef: p.paymentRef };
    if (p.amountMicros > BigInt(this.config.PAYMENT_MAX_MICROS)) return this.park({ ...row, outcome: 'held_for_review' });
    if (!(await this.tenants.exists(asTenantId(p.tenantId)))) return this.park({ ...row, outcome: 'unmatched' });
    const { outcome } = await this.ledger.commit(asTenantId(p.tenantId), async (tx, locked) => {
      if (!creditFits(locked.balanceMicros, p.amountMicros)) {
        const fresh = await this.payments.record({ ...row, outcome: 'held_for_review' }, tx);
        return { state: locked, outcome: fresh ? ('held_for_review' as const) : ('duplicate' as const) };
      }
      const fresh = await this.payments.record({ ...row, outcome: 'credited' }, tx);
      if (!fresh) return { state: locked, outcome: 'duplicate' as const };
      const posted = await this.credits.post(tx, { ...p, provider, actor: `webhook:${provider}` });
      await this.payments.link(tx, provider, event.eventId, posted.transactionId);
      return { state: posted, outcome: 'credited' as const };
    });
    return outcome;
  }

  /** Recorded for an admin (`/admin/payments`), nothing credited. */
  private async park(row: EventRow & { outcome: 'held_for_review' | 'unmatched' }): Promise<WebhookOutcome> {
    const fresh = await this.payments.record(row);
    return fresh ? row.outcome : 'duplicate';
  }

  private verifyAndParse(provider: string, headers: Headers, raw: Buffer): PaymentEventInfo {
    const now = Math.floor(Date.now() / 1000);
    const tol = this.config.WEBHOOK_TOLERANCE_SECONDS;
    switch (provider) {
      case 'stripe':
        verifyStripe(raw, headers, this.config.STRIPE_WEBHOOK_SECRETS, now, tol);
        return stripeEvent(parseJson(raw), this.config.CURRENCY);
      case 'standard': {
        const id = verifyStandard(raw, headers, this.config.STANDARD_WEBHOOK_SECRETS, now, tol);
        return standardEvent(parseJson(raw), id, this.config.CURRENCY);
      }
      default:
        throw new BillingError('unknown_provider', 'Unknown payment provider.');
    }
  }
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BillingError('bad_payload', 'Body is not valid JSON.');
  }
}
