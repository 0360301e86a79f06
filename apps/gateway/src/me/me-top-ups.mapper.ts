import { z } from 'zod';
import type { TopUp, TopUpCreateReply } from '@tollgate/contracts';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';

/** `POST /me/billing/top-ups` body: the amount in integer micro-units (1 USD = 1,000,000). */
export const TopUpBody = z.strictObject({
  // A top-up is never zero or negative, whatever the operator's bounds (or whether payments are set up at all).
  amount_micros: z
    .number({ error: 'must be an integer number of micro-units' })
    .int({ error: 'must be an integer number of micro-units' })
    .positive({ error: 'must be a positive number of micro-units' }),
});
export type TopUpBody = z.infer<typeof TopUpBody>;

export interface PublicTopUp {
  id: string;
  provider: 'stripe';
  /** The provider's payment page: send the customer's browser there. */
  url: string;
  amount_micros: number;
  currency: string;
  expires_at: string | null;
}

export function toPublicTopUp(t: TopUp): PublicTopUp {
  return { id: t.id, provider: t.provider, url: t.url, amount_micros: t.amountMicros, currency: t.currency, expires_at: t.expiresAt };
}

/** Billing's refusal as the gateway's error: 400 naming `amount_micros`, 501 nothing configured, 502 the provider failed. */
export function topUpRefusal(r: Extract<TopUpCreateReply, { ok: false }>): GatewayError {
  switch (r.code) {
    case 'invalid_amount':
      return GatewayErrors.invalidRequest(`'amount_micros' ${r.message}`, { param: 'amount_micros' });
    case 'top_up_unavailable':
      return new GatewayError({ code: 'top_up_unavailable', message: r.message });
    case 'provider_error':
      return new GatewayError({ code: 'payment_provider_error', message: r.message });
  }
}
