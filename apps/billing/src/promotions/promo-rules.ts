/**
 * Which part of a promotional grant is unused when it expires. The rule, exact and stated once:
 *
 * - Spend is every debit on the tenant's account (usage, negative adjustments) except promo
 *   expiries themselves, at the time it is posted (a call: when it happened).
 * - Spend consumes promotional credit first: each debit goes to the grants active at its time
 *   (granted at or before it, expiring after it) in order of expiry (soonest first, then the
 *   earlier grant), each up to what it has left; what no grant covers is paid from other credit.
 * - A grant's unused part = its amount − the spend attributed to it; at its expiry that part
 *   leaves the balance as a `promo_expiry` entry (never more than the balance then holds).
 * - Refunds and top-ups are ordinary credit: they never restore promotional credit.
 *
 * Between two consecutive grant boundaries (grant or expiry instants) the active grants and their
 * order do not change, so the greedy split only needs each interval's total spend.
 */
export interface GrantSpan {
  id: string;
  amount: bigint;
  grantedAt: Date;
  expiresAt: Date;
}

/** Sorted distinct boundary instants up to `horizon` (inclusive): the intervals spend is summed over. */
export function boundaries(grants: readonly GrantSpan[], horizon: Date): Date[] {
  const ms = new Set<number>();
  for (const g of grants) for (const t of [g.grantedAt, g.expiresAt]) if (t.getTime() <= horizon.getTime()) ms.add(t.getTime());
  ms.add(horizon.getTime());
  return [...ms].sort((a, b) => a - b).map((t) => new Date(t));
}

const byExpiry = (a: GrantSpan, b: GrantSpan) =>
  a.expiresAt.getTime() - b.expiresAt.getTime() || a.grantedAt.getTime() - b.grantedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * What each grant has left at the end of the last interval. `spend[i]` is the spend posted in
 * [bounds[i], bounds[i+1]); a grant is active in an interval it covers entirely.
 */
export function remaining(grants: readonly GrantSpan[], bounds: readonly Date[], spend: readonly bigint[]): Map<string, bigint> {
  const left = new Map(grants.map((g) => [g.id, g.amount]));
  const ordered = [...grants].sort(byExpiry);
  for (let i = 0; i + 1 < bounds.length; i++) {
    let s = spend[i] ?? 0n;
    for (const g of ordered) {
      if (s <= 0n) break;
      if (g.grantedAt > bounds[i] || g.expiresAt < bounds[i + 1]) continue;
      const take = (left.get(g.id) as bigint) < s ? (left.get(g.id) as bigint) : s;
      left.set(g.id, (left.get(g.id) as bigint) - take);
      s -= take;
    }
  }
  return left;
}

/** The unused part to expire: what the grant has left, but never more than the balance holds (and never negative). */
export function expiryAmount(left: bigint, balance: bigint): bigint {
  const cap = balance < 0n ? 0n : balance;
  return left < cap ? left : cap;
}
