import { createHmac, timingSafeEqual } from 'node:crypto';
import { BillingError } from '../errors/billing.error';

export type Headers = Record<string, string | string[] | undefined>;

const header = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

function bad(message: string): BillingError {
  return new BillingError('bad_signature', message);
}

function checkTimestamp(ts: string | undefined, nowSec: number, toleranceSec: number): string {
  if (!ts || !/^\d{1,12}$/.test(ts)) throw bad('Missing or malformed signature timestamp.');
  if (Math.abs(nowSec - Number(ts)) > toleranceSec) throw bad('Signature timestamp outside the tolerance.');
  return ts;
}

function anyMatch(candidates: Buffer[], expected: Buffer[]): boolean {
  let ok = false;
  for (const c of candidates) for (const e of expected) if (c.length === e.length && timingSafeEqual(c, e)) ok = true;
  return ok;
}

/**
 * Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>]`, HMAC-SHA256 over `<t>.<raw body>`
 * keyed with the endpoint secret as given (`whsec_...`). Any configured secret may match (rotation).
 */
export function verifyStripe(raw: Buffer, headers: Headers, secrets: readonly string[], nowSec: number, toleranceSec: number): void {
  const value = header(headers, 'stripe-signature');
  if (!value) throw bad('Missing Stripe-Signature header.');
  let t: string | undefined;
  const v1: Buffer[] = [];
  for (const part of value.split(',')) {
    const i = part.indexOf('=');
    const key = part.slice(0, i).trim();
    const val = part.slice(i + 1).trim();
    if (key === 't') {
      // Two timestamps (two headers joined, or one repeated) leave unclear which the signature covers.
      if (t !== undefined) throw bad('Stripe-Signature must hold one timestamp.');
      t = val;
    } else if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(val)) v1.push(Buffer.from(val, 'hex'));
  }
  const ts = checkTimestamp(t, nowSec, toleranceSec);
  if (v1.length === 0) throw bad('No v1 signature.');
  const signed = Buffer.concat([Buffer.from(`${ts}.`), raw]);
  const expected = secrets.map((s) => createHmac('sha256', s).update(signed).digest());
  if (!anyMatch(v1, expected)) throw bad('Signature does not match.');
}

/** Standard Webhooks secret: `whsec_<base64>` is a base64 key; anything else is used as UTF-8 bytes. */
export function standardKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

/**
 * Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64> [v1,<base64> ...]`,
 * HMAC-SHA256 over `<id>.<timestamp>.<raw body>`. Returns the webhook id (the event's idempotency key).
 */
export function verifyStandard(raw: Buffer, headers: Headers, secrets: readonly string[], nowSec: number, toleranceSec: number): string {
  const id = header(headers, 'webhook-id');
  const value = header(headers, 'webhook-signature');
  if (!id || !value) throw bad('Missing webhook-id or webhook-signature header.');
  const ts = checkTimestamp(header(headers, 'webhook-timestamp'), nowSec, toleranceSec);
  const given = value
    .split(' ')
    .map((s) => s.trim().split(','))
    .filter(([version, sig]) => version === 'v1' && !!sig && /^[A-Za-z0-9+/]+=*$/.test(sig))
    .map(([, sig]) => Buffer.from(sig, 'base64'));
  if (given.length === 0) throw bad('No v1 signature.');
  const signed = Buffer.concat([Buffer.from(`${id}.${ts}.`), raw]);
  const expected = secrets.map((s) => createHmac('sha256', standardKey(s)).update(signed).digest());
  if (!anyMatch(given, expected)) throw bad('Signature does not match.');
  return id;
}
