import { BUDGET_BODY, CREDIT_PRELUDE, HOLD_BODY } from '@tollgate/credit';

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
 * Only a call with a hold is checked against and counted in budgets.
 */
export const EDGE_SCRIPT = `${CREDIT_PRELUDE}${HOLD_BODY}${BUDGET_BODY}
local now = now_ms()
local revoked, credit, windows = KEYS[1], credit_keys(2), 10
local budgets, budget_hold = budget_scopes(15, 11), KEYS[21]
local v = redis.call('GET', revoked)
if v then
  local at = tonumber(v)
  if at == 0 or at <= now then return {1} end
end
local amount, tokens = tonumber(ARGV[2]), tonumber(ARGV[8])
local limits = {tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])}
local cost = {1, tokens, 1, tokens}
local used = {0, 0, 0, 0}
for i = 1, 4 do
  if limits[i] > 0 then
    used[i] = tonumber(redis.call('GET', KEYS[windows + i]) or '0')
    if used[i] + cost[i] > limits[i] then return {2, i, used[1], used[2], used[3], used[4]} end
  end
end
if amount > 0 then
  local refusing, spent, first = budget_check(budgets, amount)
  if refusing > 0 then return {4, refusing, spent, first} end
end
local ok, avail = hold(credit, ARGV[1], amount, tonumber(ARGV[3]), now, ARGV[10])
if ok == 0 then return {3, avail} end
for i = 1, 4 do
  if limits[i] > 0 and cost[i] > 0 then
    used[i] = redis.call('INCRBY', KEYS[windows + i], cost[i])
    if used[i] == cost[i] then redis.call('PEXPIRE', KEYS[windows + i], tonumber(ARGV[9])) end
  end
end
local crossed, key_spent, tenant_spent = 0, 0, 0
if amount > 0 then crossed, key_spent, tenant_spent = budget_charge(budgets, budget_hold, amount, tonumber(ARGV[17])) end
return {0, avail, used[1], used[2], used[3], used[4], crossed, key_spent, tenant_spent}
`;
