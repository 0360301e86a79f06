import { createHash } from 'node:crypto';
import { BillingError } from '../errors/billing.error';

/**
 * The pure rules of a refund: what is asked (calls by id, a range of calls, or an amount against a
 * statement month), its fingerprint for the idempotency key, and how much may be refunded.
 */
export const MAX_REFUND_REQUESTS = 1000;
export const REASON_MAX = 500;
export const IDEMPOTENCY_KEY_MAX = 200;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export type RefundAsk =
  | { basis: 'requests'; requestIds: string[] }
  | { basis: 'range'; fromRequestId: string; toRequestId: string }
  | { basis: 'amount'; month: string; timeZone: string; amountMicros: bigint };

export interface RefundInput {
  requestIds?: string[];
  range?: { fromRequestId: string; toRequestId: string };
  month?: string;
  timeZone?: string;
  amountMicros?: number | string;
  reason?: string;
  idempotencyKey?: string;
}

const bad = (message: string) => new BillingError('invalid_request', message);

/** Exactly one of `requestIds`, `range`, or `month` + `amountMicros`; a bounded reason and idempotency key. */
export function parseRefund(input: RefundInput, timeZone: (tz: string | undefined) => string): { ask: RefundAsk; reason: string; idempotencyKey: string } {
  const reason = (input.reason ?? '').trim();
  if (!reason || reason.length > REASON_MAX) throw bad(`reason is required (1 to ${REASON_MAX} characters).`);
  const key = input.idempotencyKey ?? '';
  if (!key || key.length > IDEMPOTENCY_KEY_MAX || !/^[\x21-\x7e]+$/.test(key))
    throw bad(`An idempotency key is required (Idempotency-Key header or idempotencyKey, 1 to ${IDEMPOTENCY_KEY_MAX} printable characters).`);
  const given = [input.requestIds !== undefined, input.range !== undefined, input.month !== undefined].filter(Boolean).length;
  if (given !== 1) throw bad('Give exactly one of requestIds, range, or month with amountMicros.');
  return { ask: askOf(input, timeZone), reason, idempotencyKey: key };
}

function askOf(input: RefundInput, timeZone: (tz: string | undefined) => string): RefundAsk {
  if (input.requestIds !== undefined) {
    const ids = input.requestIds;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_REFUND_REQUESTS) throw bad(`requestIds must list 1 to ${MAX_REFUND_REQUESTS} request ids.`);
    const badId = ids.find((id) => typeof id !== 'string' || !REQUEST_ID.test(id));
    if (badId !== undefined) throw bad(`'${String(badId).slice(0, 64)}' is not a request id.`);
    if (new Set(ids).size !== ids.length) throw bad('requestIds lists a request id twice.');
    return { basis: 'requests', requestIds: [...ids] };
  }
  if (input.range !== undefined) {
    const { fromRequestId, toRequestId } = input.range;
    if (![fromRequestId, toRequestId].every((id) => typeof id === 'string' && REQUEST_ID.test(id)))
      throw bad('range needs fromRequestId and toRequestId (request ids).');
    return { basis: 'range', fromRequestId, toRequestId };
  }
  if (!MONTH.test(input.month ?? '')) throw bad('month must be YYYY-MM.');
  const amount = parseAmount(input.amountMicros);
  return { basis: 'amount', month: input.month as string, timeZone: timeZone(input.timeZone), amountMicros: amount };
}

function parseAmount(v: number | string | undefined): bigint {
  const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : typeof v === 'string' ? v : '';
  if (!/^[1-9]\d{0,17}$/.test(text)) throw bad('amountMicros must be a positive integer (micro-units).');
  return BigInt(text);
}

/** Fingerprint of what was asked: a retried request with the same key matches it, a different request does not. */
export function refundHash(ask: RefundAsk, reason: string): string {
  const canonical = ask.basis === 'requests' ? { ...ask, requestIds: [...ask.requestIds].sort() } : ask;
  return createHash('sha256')
    .update(JSON.stringify({ ...canonical, amountMicros: 'amountMicros' in canonical ? canonical.amountMicros.toString() : undefined, reason }))
    .digest('hex');
}

/** A charged call as the ledger has it: its usage debit (positive), and when it was posted (the call's time). */
export interface ChargedCall {
  requestId: string;
  chargedMicros: bigint;
  chargedAt: Date;
}

/** Refunds every asked call once: unknown or uncharged ids are 404, already refunded ones 409; the amount is what they were charged. */
export function refundOfCalls(
  asked: readonly string[],
  charged: readonly ChargedCall[],
  alreadyRefunded: readonly string[],
): { amount: bigint; calls: ChargedCall[] } {
  const byId = new Map(charged.map((c) => [c.requestId, c]));
  const missing = asked.filter((id) => !byId.has(id));
  if (missing.length) throw new BillingError('not_found', `No charged call of this tenant with request id ${list(missing)}.`);
  if (alreadyRefunded.length) throw new BillingError('already_refunded', `Already refunded: ${list(alreadyRefunded)}. Each call is refunded at most once.`);
  const calls = asked.map((id) => byId.get(id) as ChargedCall);
  return { amount: calls.reduce((s, c) => s + c.chargedMicros, 0n), calls };
}

/** An amount against a period: at most what it charged minus what was refunded against it already. */
export function checkAmountRefund(amount: bigint, chargedMicros: bigint, refundedMicros: bigint, what: string): void {
  const left = chargedMicros - refundedMicros;
  if (amount > left) {
    throw new BillingError(
      'refund_exceeds_charges',
      `A refund of ${amount} micro-units exceeds what ${what} has left to refund: ${left > 0n ? left : 0n} (charged ${chargedMicros}, refunded ${refundedMicros}).`,
    );
  }
}

const list = (ids: readonly string[]) => {
  const shown = ids
    .slice(0, 5)
    .map((id) => `'${id}'`)
    .join(', ');
  return ids.length > 5 ? `${shown} and ${ids.length - 5} more` : shown;
};
