/**
 * Redis layout of a tenant's fast credit figures. Every key of one tenant shares the hash tag
 * `{c:<tenant>}` so the scripts touching them run on one Redis Cluster slot.
 *
 *   bal   ledger balance as billing last wrote it (micro-units)   seq   ledger version of `bal`
 *   held  sum of open holds          holds  HASH requestId → hold   hexp  ZSET requestId → expiry ms
 *   hmeta HASH requestId → what billing needs to charge the call if its gateway dies (see HoldMeta)
 *   unb   sum of settled costs billing has not booked yet
 *   unbh  HASH requestId → cost      usince ZSET requestId → when it became unbooked (ms)
 *
 * available = bal − held − unb. Postgres (the ledger) is the truth; billing rewrites `bal`.
 */
export interface CreditKeys {
  bal: string;
  seq: string;
  held: string;
  holds: string;
  hexp: string;
  unb: string;
  unbh: string;
  usince: string;
  hmeta: string;
}

export function creditKeys(tenantId: string): CreditKeys {
  const tag = `{c:${tenantId}}`;
  return {
    bal: `${tag}:bal`,
    seq: `${tag}:seq`,
    held: `${tag}:held`,
    holds: `${tag}:holds`,
    hexp: `${tag}:hexp`,
    unb: `${tag}:unb`,
    unbh: `${tag}:unbh`,
    usince: `${tag}:usince`,
    hmeta: `${tag}:hmeta`,
  };
}

/** Order in which the scripts take a tenant's credit keys. */
export function creditKeyList(k: CreditKeys): string[] {
  return [k.bal, k.seq, k.held, k.holds, k.hexp, k.unb, k.unbh, k.usince, k.hmeta];
}
