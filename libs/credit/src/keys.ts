/**
 * Redis layout of a tenant's fast credit figures. Every key of one tenant shares the hash tag
 * `{c:<tenant>}` (budgets, rate windows and the revocation marker too) so that each script's keys
 * hash to one Redis Cluster slot. available = balance − held − unbooked. Postgres (the ledger) is
 * the truth; billing rewrites `balance`.
 *
 * Key (field)  Lua local           What it holds                          How long it lives
 * bal          balance_key         ledger balance billing last wrote (µ)  for ever (rewritten by book)
 * seq          version_key         ledger version of that balance         for ever (only moves forward)
 * held         held_key            sum of open holds                      for ever (a counter)
 * holds        holds_key           HASH requestId → hold amount           field: until settle, or expire
 * hexp         hold_expiry_key     ZSET requestId → hold expiry (ms)      member: as the `holds` field
 * hmeta        hold_meta_key       HASH requestId → HoldMeta              field: until settle; after an
 *                                                                         expire, until billing books
 *                                                                         the lost call (book drops it)
 * unb          unbooked_key        sum of settled costs not yet booked    for ever (a counter)
 * unbh         unbooked_costs_key  HASH requestId → cost                  field: until book or forget
 * usince       unbooked_since_key  ZSET requestId → unbooked since (ms)   member: as the `unbh` field
 *
 * Every per-request field is removed by the script that ends its stage (settle, expire, book), so
 * none needs a TTL, and none lingers after its call is booked. Other keys under the same tag:
 * rate windows (gateway rate-limits.ts) expire one second after their minute ends; budget counters
 * a grace period after their period ends, budget markers at its end, a budget hold at its settle or
 * after the TTL the gateway gives it (budget-keys.ts); the revocation marker is auth's.
 *
 * Two clocks, on purpose:
 *  - Redis TIME (`now_ms()` in the scripts) for everything compared across processes: hold expiry
 *    (set by any gateway, swept by billing), "unbooked since", revocation times. One server clock, so
 *    gateways' and billing's clock skew never expires a live hold or keeps a dead one.
 *  - The caller's clock for what is named by time: the minute of a rate window and the period of a
 *    budget are part of the key names, and a script must be given every key it touches before it
 *    runs, so the caller picks the window/period and passes its end as an argument (budget-lua.ts).
 *    The budgets' clock is injectable, which keeps period boundaries testable.
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

/** The order in which every script takes a tenant's credit keys, and the Lua local naming each. */
const CREDIT_KEY_ORDER: readonly (readonly [keyof CreditKeys, string])[] = [
  ['bal', 'balance_key'],
  ['seq', 'version_key'],
  ['held', 'held_key'],
  ['holds', 'holds_key'],
  ['hexp', 'hold_expiry_key'],
  ['unb', 'unbooked_key'],
  ['unbh', 'unbooked_costs_key'],
  ['usince', 'unbooked_since_key'],
  ['hmeta', 'hold_meta_key'],
];

export const CREDIT_KEY_COUNT = CREDIT_KEY_ORDER.length;

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

/** The tenant's credit keys in the order the scripts take them. */
export function creditKeyList(k: CreditKeys): string[] {
  return CREDIT_KEY_ORDER.map(([field]) => k[field]);
}

/** Lua that names KEYS[first], KEYS[first + 1], … by `names`: `local balance_key = KEYS[2]`. */
export function luaKeyLocals(names: readonly string[], first: number): string {
  return names.map((name, i) => `local ${name} = KEYS[${first + i}]`).join('\n') + '\n';
}

/** The credit keys' Lua locals, the first one being KEYS[first]. */
export function creditKeyLocals(first: number): string {
  return luaKeyLocals(
    CREDIT_KEY_ORDER.map(([, name]) => name),
    first,
  );
}
