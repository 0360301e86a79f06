import { z } from 'zod';

/** What a Checkout Session is created with: one line item of `amountMinor` (cents for USD). */
export interface CheckoutRequest {
  topUpId: string;
  tenantId: string;
  amountMinor: bigint;
  /** ISO 4217, any case (sent lowercase, as Stripe writes it). */
  currency: string;
  productName: string;
  successUrl: string;
  cancelUrl: string;
}

export interface CheckoutSession {
  id: string;
  url: string;
  /** ISO time, or null when Stripe did not say. */
  expiresAt: string | null;
}

export interface StripeConnection {
  apiBase: string;
  secretKey: string;
  timeoutMs: number;
}

/** Why no session: Stripe could not be reached (or timed out), refused (non-2xx), or answered something unusable. */
export class StripeCallError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'refused' | 'malformed',
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

const SessionBody = z.object({ id: z.string().min(1), url: z.string().url(), expires_at: z.number().int().optional() });

/**
 * Stripe's form encoding of a Checkout Session: bracketed keys, the tenant in the session's
 * metadata (the webhook credits `data.object.metadata.tenant_id`) and in the payment intent's
 * (so `payment_intent.succeeded` names it too; both events share the payment intent, which
 * billing credits once).
 */
export function checkoutForm(r: CheckoutRequest): URLSearchParams {
  return new URLSearchParams([
    ['mode', 'payment'],
    ['line_items[0][price_data][currency]', r.currency.toLowerCase()],
    ['line_items[0][price_data][unit_amount]', r.amountMinor.toString()],
    ['line_items[0][price_data][product_data][name]', r.productName],
    ['line_items[0][quantity]', '1'],
    ['success_url', r.successUrl],
    ['cancel_url', r.cancelUrl],
    ['client_reference_id', r.tenantId],
    ['metadata[tenant_id]', r.tenantId],
    ['metadata[top_up_id]', r.topUpId],
    ['payment_intent_data[metadata][tenant_id]', r.tenantId],
    ['payment_intent_data[metadata][top_up_id]', r.topUpId],
  ]);
}

/**
 * `POST {apiBase}/v1/checkout/sessions`, one attempt with an idempotency key of the top-up's id
 * (a retry of the same top-up could never open a second session). Throws StripeCallError.
 */
export async function createCheckoutSession(conn: StripeConnection, r: CheckoutRequest): Promise<CheckoutSession> {
  let res: Response;
  try {
    res = await fetch(`${conn.apiBase.replace(/\/+$/, '')}/v1/checkout/sessions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${conn.secretKey}`,
        'content-type': 'application/x-www-form-urlencoded',
        'idempotency-key': `top-up-${r.topUpId}`,
      },
      body: checkoutForm(r).toString(),
      signal: AbortSignal.timeout(conn.timeoutMs),
    });
  } catch (err) {
    throw new StripeCallError('unreachable', `Stripe did not answer: ${(err as Error).message}`);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new StripeCallError('refused', `Stripe answered ${res.status}: ${stripeMessage(text)}`, res.status);
  const parsed = SessionBody.safeParse(safeJson(text));
  if (!parsed.success) throw new StripeCallError('malformed', 'Stripe answered without a session id and url.', res.status);
  const { id, url, expires_at } = parsed.data;
  return { id, url, expiresAt: expires_at === undefined ? null : new Date(expires_at * 1000).toISOString() };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Stripe's `error.message`, shortened; for billing's log only (it can quote part of the key). */
function stripeMessage(text: string): string {
  const body = safeJson(text) as { error?: { message?: unknown } } | null;
  const message = typeof body?.error?.message === 'string' ? body.error.message : text;
  return message.slice(0, 300);
}
