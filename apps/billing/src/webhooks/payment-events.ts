import { BillingError } from '../errors/billing.error';
import { minorToMicros } from '../money/money';

/**
 * What a verified webhook means for the ledger. `payment` is absent for events that credit nothing.
 * `payment.amountMicros` is the amount as the provider sent it, unbounded: the service decides
 * whether it may be credited (see `WebhooksService`), so nothing here is trusted to fit the ledger.
 */
export interface PaymentEventInfo {
  eventId: string;
  type: string;
  payment?: { tenantId: string; amountMicros: bigint; currency: string; paymentRef: string };
  ignoredBecause?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function badPayload(message: string): BillingError {
  return new BillingError('bad_payload', message);
}

/** A tenant id that is present must be a UUID (400); an absent one means "not one of ours" (ignored). */
function tenantOf(v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || !UUID.test(v)) throw badPayload('tenant_id must be a UUID.');
  return v.toLowerCase();
}

/**
 * An integer amount as sent: a JSON number that is an integer (beyond 2^53 it is imprecise, but
 * such an amount is far past any credit limit and only ever held), or a decimal-digit string of
 * at most 40 digits. Anything else (fractions, exponents in strings, longer strings) is null.
 */
export function integerAmount(v: unknown): bigint | null {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d{1,40}$/.test(v)) return BigInt(v);
  return null;
}

/** A payment event's fields as the provider sent them, not yet checked against the ledger. */
interface SentPayment {
  eventId: string;
  type: string;
  tenant: string | null;
  amount: bigint | null;
  currency: unknown;
  paymentRef: string;
}

/** The payment to credit, or why the event credits nothing; `toMicros` converts the sent amount. */
function settle(sent: SentPayment, ledgerCurrency: string, toMicros: (a: bigint, c: string) => bigint): PaymentEventInfo {
  const { eventId, type, tenant, amount, currency, paymentRef } = sent;
  if (!tenant) return { eventId, type, ignoredBecause: 'no tenant_id' };
  if (amount === null) throw badPayload('amount must be an integer.');
  if (typeof currency !== 'string' || currency.toUpperCase() !== ledgerCurrency) return { eventId, type, ignoredBecause: `currency is not ${ledgerCurrency}` };
  if (amount <= 0n) return { eventId, type, ignoredBecause: 'amount is not positive' };
  return { eventId, type, payment: { tenantId: tenant, amountMicros: toMicros(amount, ledgerCurrency), currency: ledgerCurrency, paymentRef } };
}

/**
 * Stripe events that credit: `checkout.session.completed` (paid; `amount_total`) and
 * `payment_intent.succeeded` (`amount_received`), in the currency's minor units, for the tenant in
 * `data.object.metadata.tenant_id`. Both name the payment intent, so one payment credits once.
 */
export function stripeEvent(body: unknown, ledgerCurrency: string): PaymentEventInfo {
  if (!isObj(body) || typeof body.id !== 'string' || !body.id || typeof body.type !== 'string') throw badPayload('Not a Stripe event.');
  const obj = isObj(body.data) && isObj(body.data.object) ? body.data.object : null;
  if (!obj) throw badPayload('Stripe event without data.object.');
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const { id: eventId, type } = body;
  if (type === 'checkout.session.completed') {
    if (obj.payment_status !== undefined && obj.payment_status !== 'paid') return { eventId, type, ignoredBecause: 'checkout not paid' };
    const ref = typeof obj.payment_intent === 'string' ? obj.payment_intent : String(obj.id ?? eventId);
    const sent = { eventId, type, tenant: tenantOf(meta.tenant_id), amount: integerAmount(obj.amount_total), currency: obj.currency, paymentRef: ref };
    return settle(sent, ledgerCurrency, minorToMicros);
  }
  if (type === 'payment_intent.succeeded') {
    const sent = {
      eventId,
      type,
      tenant: tenantOf(meta.tenant_id),
      amount: integerAmount(obj.amount_received),
      currency: obj.currency,
      paymentRef: String(obj.id ?? eventId),
    };
    return settle(sent, ledgerCurrency, minorToMicros);
  }
  return { eventId, type, ignoredBecause: 'not a payment event' };
}

/**
 * Standard Webhooks payload (Tollgate's own format for any other payment provider or a bridge):
 * `{"type":"payment.succeeded","data":{"tenant_id":"<uuid>","amount_micros":25000000,"currency":"USD","payment_id":"pay_123"}}`.
 * `amount_micros` is an integer (JSON number or decimal string) in micro-units; the event id is the `webhook-id` header.
 */
export function standardEvent(body: unknown, webhookId: string, ledgerCurrency: string): PaymentEventInfo {
  if (!isObj(body) || typeof body.type !== 'string') throw badPayload('Not a Standard Webhooks event.');
  if (body.type !== 'payment.succeeded') return { eventId: webhookId, type: body.type, ignoredBecause: 'not a payment event' };
  const data = isObj(body.data) ? body.data : null;
  if (!data) throw badPayload('payment.succeeded without data.');
  if (typeof data.payment_id !== 'string' || !data.payment_id) throw badPayload('payment_id is required.');
  const sent = {
    eventId: webhookId,
    type: body.type,
    tenant: tenantOf(data.tenant_id),
    amount: integerAmount(data.amount_micros),
    currency: data.currency,
    paymentRef: data.payment_id,
  };
  return settle(sent, ledgerCurrency, (a) => a);
}
