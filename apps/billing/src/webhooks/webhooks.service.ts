import { Inject, Injectable, Logger } from '@nestjs/common';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { BillingError } from '../errors/billing.error';
import { InvoicesRepository } from '../invoices/invoices.repository';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerService } from '../ledger/ledger.service';
import { PaymentEventInfo, standardEvent, stripeEvent } from './payment-events';
import { PaymentsRepository } from './payments.repository';
import { Headers, verifyStandard, verifyStripe } from './signatures';

export type WebhookOutcome = 'credited' | 'duplicate' | 'ignored';

/**
 * Payment webhooks: signature on the raw bytes first, then JSON, then one transaction that
 * records the event, credits the ledger and issues the invoice. Replays (sequential or
 * concurrent) find the event already recorded and answer 200 without writing anything.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly ledger: LedgerService,
    private readonly entries: LedgerRepository,
    private readonly invoices: InvoicesRepository,
    private readonly payments: PaymentsRepository,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  async receive(provider: string, headers: Headers, raw: Buffer): Promise<{ received: true; outcome: WebhookOutcome }> {
    const event = this.verifyAndParse(provider, headers, raw);
    if (!event.payment) {
      await this.payments.record({ provider, eventId: event.eventId, type: event.type, outcome: 'ignored' });
      this.logger.log({ provider, eventId: event.eventId, type: event.type, reason: event.ignoredBecause }, 'webhook ignored');
      return { received: true, outcome: 'ignored' };
    }
    const outcome = await this.credit(provider, event, event.payment);
    this.logger.log({ provider, eventId: event.eventId, tenantId: event.payment.tenantId, outcome }, 'payment webhook');
    return { received: true, outcome };
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

  private async credit(provider: string, event: PaymentEventInfo, p: NonNullable<PaymentEventInfo['payment']>): Promise<WebhookOutcome> {
    const { outcome } = await this.ledger.commit(p.tenantId, async (tx, locked) => {
      const row = { provider, eventId: event.eventId, type: event.type, outcome: 'credited' as const, tenantId: p.tenantId, amountMicros: p.amountMicros, paymentRef: p.paymentRef };
      const fresh = await this.payments.record(row, tx);
      if (!fresh) return { state: locked, outcome: 'duplicate' as const };
      const reference = `${provider}:${p.paymentRef}`;
      const posted = await this.entries.post(tx, { tenantId: p.tenantId, kind: 'top_up', amountMicros: p.amountMicros, counter: 'payments', actor: `webhook:${provider}`, reference });
      await this.payments.link(tx, provider, event.eventId, posted.transactionId);
      await this.invoices.issue(tx, { tenantId: p.tenantId, transactionId: posted.transactionId, totalMicros: p.amountMicros, currency: p.currency, reference, issuedAt: posted.postedAt });
      return { state: posted, outcome: 'credited' as const };
    });
    return outcome;
  }
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BillingError('bad_payload', 'Body is not valid JSON.');
  }
}
