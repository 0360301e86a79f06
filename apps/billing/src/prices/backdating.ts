import { BillingError } from '../errors/billing.error';

/**
 * Where a price change starts (a list price, a tier price, a cost price, a tenant's tier). Calls
 * served but not yet booked were held, and their cost shown, at the price then in force: a change
 * dated before now would re-price them, charging more than the client was told and driving a
 * balance below zero. So a change may be dated in the past only where nothing it replaces was in
 * force then (filling a gap: no call is served without a price); otherwise it starts now or later.
 * `replacesInForce(now)`: whether something of the same kind was already in force before `now`.
 */
export async function startOfChange(requested: string | undefined, what: string, replacesInForce: (now: Date) => Promise<boolean>): Promise<Date> {
  const now = new Date();
  if (!requested) return now;
  const from = new Date(requested);
  if (from.getTime() >= now.getTime() || !(await replacesInForce(now))) return from;
  throw new BillingError(
    'invalid_request',
    `effectiveFrom is in the past and ${what} is already in force: a change there would re-price calls already served. ` +
      'Date it now or later (leave effectiveFrom out for now).',
  );
}
