import { BUDGET_BODY, BUDGET_SCOPE_KEY_LOCALS, creditPrelude, HOLD_BODY, luaKeyLocals } from '@tollgate/credit';

/**
 * The one Redis round trip of the hot path, atomically:
 *   1. is the key revoked (stored time 0 = now, a later time = after its grace period)?
 *   2. would this request exceed the key's or the tenant's requests/tokens per minute?
 *   3. would its hold exceed the key's or the tenant's budget for the period (budget-lua.ts)?
 *   4. place the credit hold against available = balance − holds − unbooked costs;
 *   5. count the request and its tokens in the four minute windows, and its hold in the budgets.
 *
 * KEYS: 1 revoked marker, 2..10 tenant credit keys, 11..14 windows (key rpm, key tpm, tenant rpm, tenant tpm),
 *       15..20 budget scope keys (budget-lua.ts order), 21 the call's budget hold
 * ARGV: 1 requestId, 2 hold, 3 holdTtlMs, 4..7 limits (0 = none), 8 tokens, 9 window ttl ms,
 *       10 hold meta (what billing needs to charge the call if this gateway dies),
 *       11..16 budget scope args (budget-lua.ts order), 17 budget hold ttl ms
 * Returns {0, available, used x4, budget crossings, key spend, tenant spend} admitted | {1} revoked |
 *         {2, which, used...} rate limited | {3, available} no credit |
 *         {4, scope (1 key, 2 tenant), spend, 1 if the period's first refusal} over budget
 * Only a call with a hold is checked against and counted in budgets. Each key is named in a local
 * first (credit keys: libs/credit keys.ts); one clock for the hold and revocation: Redis TIME.
 */
export const EDGE_SCRIPT = `local revoked_key = KEYS[1]
${creditPrelude(2)}${luaKeyLocals(['key_requests_key', 'key_tokens_key', 'tenant_requests_key', 'tenant_tokens_key'], 11)}
${luaKeyLocals(BUDGET_SCOPE_KEY_LOCALS, 15)}local budget_hold_key = KEYS[21]
${HOLD_BODY}${BUDGET_BODY}
local now = now_ms()
local request_id, amount, hold_ttl_ms = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local limits = {tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])}
local tokens, window_ttl_ms, hold_meta, budget_hold_ttl_ms = tonumber(ARGV[8]), tonumber(ARGV[9]), ARGV[10], tonumber(ARGV[17])
local windows = {key_requests_key, key_tokens_key, tenant_requests_key, tenant_tokens_key}
local budgets = budget_scopes(key_spent_key, tenant_spent_key, key_threshold_key, key_exceeded_key,
                              tenant_threshold_key, tenant_exceeded_key, 11)
-- 1. A revoked key is refused (0 = revoked now; a later time = at the end of its grace period).
local v = redis.call('GET', revoked_key)
if v then
  local at = tonumber(v)
  if at == 0 or at <= now then return {1} end
end
-- 2. Rate limits: one more request and its tokens must fit each minute window with a limit.
local cost = {1, tokens, 1, tokens}
local used = {0, 0, 0, 0}
for i = 1, 4 do
  if limits[i] > 0 then
    used[i] = tonumber(redis.call('GET', windows[i]) or '0')
    if used[i] + cost[i] > limits[i] then return {2, i, used[1], used[2], used[3], used[4]} end
  end
end
-- 3. Budgets: the hold must fit the key's and the tenant's budget for the period.
if amount > 0 then
  local refusing, spent, first = budget_check(budgets, amount)
  if refusing > 0 then return {4, refusing, spent, first} end
end
-- 4. Credit: reserve the hold against available credit, or refuse.
local ok, avail = hold(request_id, amount, hold_ttl_ms, now, hold_meta)
if ok == 0 then return {3, avail} end
-- 5. Admitted: count the request and its tokens in the windows (each expires after its minute) ...
for i = 1, 4 do
  if limits[i] > 0 and cost[i] > 0 then
    used[i] = redis.call('INCRBY', windows[i], cost[i])
    if used[i] == cost[i] then redis.call('PEXPIRE', windows[i], window_ttl_ms) end
  end
end
-- ... and the hold in the budgets, until the call settles.
local crossed, key_spent, tenant_spent = 0, 0, 0
if amount > 0 then crossed, key_spent, tenant_spent = budget_charge(budgets, budget_hold_key, amount, budget_hold_ttl_ms) end
return {0, avail, used[1], used[2], used[3], used[4], crossed, key_spent, tenant_spent}
`;
