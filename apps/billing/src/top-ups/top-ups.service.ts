import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { TopUpCreateReply, TopUpCreateRequest, TopUpRefusal } from '@tollgate/contracts';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { formatMicros, microsToMinor } from '../money/money';
import { createCheckoutSession, StripeCallError } from './stripe-checkout';

/** Stripe must answer within this, well inside the gateway's 10 s wait for billing. */
const STRIPE_TIMEOUT_MS = 8_000;

export const TOP_UP_UNAVAILABLE =
  'Payments are not set up on this Tollgate, so a top-up cannot be started here. Ask your operator to configure a payment provider, or to top up your balance by arrangement.';

const refuse = (code: TopUpRefusal, message: string): TopUpCreateReply => ({ ok: false, code, message });

/**
 * Starts a top-up: a Stripe Checkout Session for the amount, with the tenant in its metadata.
 * Nothing is credited here; Stripe's signed `checkout.session.completed` webhook credits the
 * balance once (WebhooksService), so an abandoned or failed payment changes nothing.
 */
@Injectable()
export class TopUpsService {
  private readonly logger = new Logger('TopUps');

  constructor(@Inject(BILLING_CONFIG) private readonly config: BillingConfig) {}

  async create(req: TopUpCreateRequest): Promise<TopUpCreateReply> {
    const c = this.config;
    if (!c.STRIPE_SECRET_KEY) return refuse('top_up_unavailable', TOP_UP_UNAVAILABLE);
    const amountMinor = this.payable(req.amountMicros);
    if (typeof amountMinor === 'string') return refuse('invalid_amount', amountMinor);
    const topUpId = randomUUID();
    const base = c.PUBLIC_BASE_URL.replace(/\/+$/, '');
    try {
      const session = await createCheckoutSession(
        { apiBase: c.STRIPE_API_BASE, secretKey: c.STRIPE_SECRET_KEY, timeoutMs: STRIPE_TIMEOUT_MS },
        {
          topUpId,
          tenantId: req.tenantId,
          amountMinor,
          currency: c.CURRENCY,
          productName: 'Balance top-up',
          successUrl: c.TOP_UP_SUCCESS_URL ?? `${base}/console/billing?top_up=success`,
          cancelUrl: c.TOP_UP_CANCEL_URL ?? `${base}/console/billing?top_up=cancel`,
        },
      );
      this.logger.log({ tenantId: req.tenantId, actor: req.actor, topUpId, sessionId: session.id, amountMicros: req.amountMicros }, 'top-up started');
      return {
        ok: true,
        topUp: { id: session.id, provider: 'stripe', url: session.url, amountMicros: req.amountMicros, currency: c.CURRENCY, expiresAt: session.expiresAt },
      };
    } catch (err) {
      if (!(err instanceof StripeCallError)) throw err;
      this.logger.warn({ tenantId: req.tenantId, topUpId, kind: err.kind, status: err.status, err: err.message }, 'top-up: Stripe failed');
      const what = err.kind === 'unreachable' ? 'could not be reached' : 'could not start the payment';
      return refuse('provider_error', `The payment provider ${what}; nothing was charged. Please try again in a few minutes.`);
    }
  }

  /** The amount in minor units, or why it cannot be a top-up. */
  private payable(micros: number): bigint | string {
    const { TOP_UP_MIN_MICROS: min, TOP_UP_MAX_MICROS: max, CURRENCY: currency } = this.config;
    const units = (m: number) => `${shortUnits(BigInt(m))} ${currency} (${m} micro-units)`;
    if (!Number.isSafeInteger(micros)) return 'must be an integer number of micro-units.';
    if (micros < min) return `must be at least ${units(min)}.`;
    if (micros > max) return `must be at most ${units(max)}.`;
    const minor = microsToMinor(BigInt(micros), currency);
    return (
      minor ?? `must be a whole number of the currency's smallest unit (${currency}: ${shortUnits(microsToMinorStep(currency))}); ${micros} micro-units is not.`
    );
  }
}

/** 5000000n → "5.00", 1234500n → "1.2345": the exact amount, trailing zeros past two decimals dropped. */
function shortUnits(micros: bigint): string {
  return formatMicros(micros).replace(/(\.\d\d\d*?)0+$/, '$1');
}

/** Micro-units in one minor unit of the currency (USD: 10 000). */
function microsToMinorStep(currency: string): bigint {
  let step = 1n;
  while (microsToMinor(step, currency) === null) step *= 10n;
  return step;
}
