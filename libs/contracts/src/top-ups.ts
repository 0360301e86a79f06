import { z } from 'zod';
import { TenantId } from './tenant-id';

/**
 * billing.top-ups.create.v1: start a payment that, once the provider confirms it (its signed
 * webhook), credits the tenant. The tenant comes from the caller's credential, never the body.
 */
export const TopUpCreateRequest = z.object({
  tenantId: TenantId,
  /** Integer micro-units; billing checks its bounds and that the provider can charge it exactly. */
  amountMicros: z.number().int(),
  /** Who asked (`key:<id>` or `user:<id>`), for billing's logs. */
  actor: z.string().max(200),
});
export type TopUpCreateRequest = z.infer<typeof TopUpCreateRequest>;

/** A started top-up: send the customer to `url` (the provider's hosted payment page). */
export const TopUp = z.object({
  /** The provider's id of the payment session (Stripe: `cs_…`). */
  id: z.string(),
  provider: z.literal('stripe'),
  url: z.string().url(),
  amountMicros: z.number().int(),
  currency: z.string(),
  /** When the payment page stops accepting the payment; null when the provider does not say. */
  expiresAt: z.string().datetime().nullable(),
});
export type TopUp = z.infer<typeof TopUp>;

/**
 * Refusals: `invalid_amount` (outside the configured bounds, or not payable exactly in the
 * currency's minor unit), `top_up_unavailable` (no payment provider configured), `provider_error`
 * (the provider was unreachable or refused; nothing was charged or credited). An `invalid_amount`
 * message is a predicate for the amount's field name (`must be at least 5.00 USD …`).
 */
export const TopUpRefusal = z.enum(['invalid_amount', 'top_up_unavailable', 'provider_error']);
export type TopUpRefusal = z.infer<typeof TopUpRefusal>;

export const TopUpCreateReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), topUp: TopUp }),
  z.object({ ok: z.literal(false), code: TopUpRefusal, message: z.string() }),
]);
export type TopUpCreateReply = z.infer<typeof TopUpCreateReply>;
