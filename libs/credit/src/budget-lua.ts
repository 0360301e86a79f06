/**
 * Budget Lua: the admission part runs inside the gateway's one admission script (edge-script.ts),
 * the settle script after calls end. Every key comes in KEYS (see budget-keys.ts for the layout):
 *
 *   scope keys (6), in this order: key spent, tenant spent, key threshold marker, key exceeded
 *   marker, tenant threshold marker, tenant exceeded marker.
 *   scope args (6), in this order: key budget, key alert-at, key ms left in period, then the same
 *   three for the tenant. A budget of 0 means "no budget in this scope" (nothing is counted);
 *   alert-at 0 means no soft threshold; ms left 0 means a lifetime budget (never expires).
 *
 * One clock: budget periods and their ends come from the gateway's budget clock, as arguments.
 * The scripts never read Redis TIME for budgets.
 *
 * Keys are named before use: the admission script names the six scope keys in locals (see
 * BUDGET_SCOPE_KEY_LOCALS) and passes them to budget_scopes; the settle script names each call's.
 *
 * Crossings are returned as a number: 1 key threshold, 2 key exceeded, 4 tenant threshold,
 * 8 tenant exceeded; each is reported once per period (SET NX marker expiring at the period's end).
 */
export const BUDGET_BODY = `
local COUNTER_GRACE_MS = 2 * 86400000
local function budget_scope(spent, threshold_marker, exceeded_marker, budget, alert_at, left_ms)
  return { spent = spent, threshold_marker = threshold_marker, exceeded_marker = exceeded_marker,
           budget = tonumber(budget), alert_at = tonumber(alert_at), left_ms = tonumber(left_ms) }
end
-- A call's two scopes: the key's and the tenant's, each with its 3 args from ARGV[a] (orders above).
local function budget_scopes(key_spent_key, tenant_spent_key, key_threshold_key, key_exceeded_key,
                             tenant_threshold_key, tenant_exceeded_key, a)
  return {
    budget_scope(key_spent_key, key_threshold_key, key_exceeded_key, ARGV[a], ARGV[a + 1], ARGV[a + 2]),
    budget_scope(tenant_spent_key, tenant_threshold_key, tenant_exceeded_key, ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]),
  }
end
-- True the first time in the period only.
local function mark_once(marker, left_ms)
  if left_ms > 0 then return redis.call('SET', marker, '1', 'NX', 'PX', left_ms) ~= false end
  return redis.call('SET', marker, '1', 'NX') ~= false
end
-- The scope's spend so far, and whether amount more stays within its budget.
local function budget_room(s, amount)
  local spent = tonumber(redis.call('GET', s.spent) or '0')
  return spent, spent + amount <= s.budget
end
-- Counts delta (negative gives back) against the scope. Returns the new spend and the crossings
-- it made: 1 the soft threshold, 2 the budget itself (spend reached it).
local function budget_add(s, delta)
  local spent = redis.call('INCRBY', s.spent, delta)
  if spent == delta and s.left_ms > 0 then redis.call('PEXPIRE', s.spent, s.left_ms + COUNTER_GRACE_MS) end
  local crossed = 0
  if delta > 0 then
    if s.alert_at > 0 and spent >= s.alert_at and mark_once(s.threshold_marker, s.left_ms) then crossed = crossed + 1 end
    if spent >= s.budget and mark_once(s.exceeded_marker, s.left_ms) then crossed = crossed + 2 end
  end
  return spent, crossed
end
-- Admission: is there room for amount in every scope with a budget? Returns 0 when there is,
-- else the scope that refuses (1 key, 2 tenant), its spend, and 1 if this is the period's first refusal.
local function budget_check(scopes, amount)
  for i = 1, 2 do
    local s = scopes[i]
    if s.budget > 0 then
      local spent, fits = budget_room(s, amount)
      if not fits then return i, spent, mark_once(s.exceeded_marker, s.left_ms) and 1 or 0 end
    end
  end
  return 0, 0, 0
end
-- Counts amount in every scope with a budget and remembers it under hold_key (for settle).
-- Returns the crossings (1, 2 key; 4, 8 tenant) and the two spends.
local function budget_charge(scopes, hold_key, amount, hold_ttl_ms)
  local crossed, spent, charged = 0, {0, 0}, false
  for i = 1, 2 do
    if scopes[i].budget > 0 and amount ~= 0 then
      local c
      spent[i], c = budget_add(scopes[i], amount)
      crossed = crossed + c * (i == 1 and 1 or 4)
      charged = true
    end
  end
  if charged then redis.call('SET', hold_key, amount, 'PX', hold_ttl_ms) end
  return crossed, spent[1], spent[2]
end
`;

/**
 * After calls end: each call's budget hold is replaced by its real cost (0 gives it all back).
 * Only a call whose hold is still there moves a counter, so a repeated settle counts nothing twice.
 * Per call, KEYS: budget hold, then the 6 scope keys; ARGV: cost, then the 6 scope args (the
 * budgets the call was admitted under). Returns {crossed, key spent, tenant spent} per call.
 */
export const BUDGET_SETTLE_SCRIPT = `${BUDGET_BODY}
local CALL_KEYS, CALL_ARGS = 7, 7
local out = {}
for c = 0, #ARGV / CALL_ARGS - 1 do
  -- This call's keys and args (the script takes any number of calls, CALL_KEYS and CALL_ARGS each).
  local k, a = c * CALL_KEYS, c * CALL_ARGS
  local hold_key = KEYS[k + 1]
  local key_spent_key, tenant_spent_key = KEYS[k + 2], KEYS[k + 3]
  local key_threshold_key, key_exceeded_key = KEYS[k + 4], KEYS[k + 5]
  local tenant_threshold_key, tenant_exceeded_key = KEYS[k + 6], KEYS[k + 7]
  local cost = tonumber(ARGV[a + 1])
  local scopes = budget_scopes(key_spent_key, tenant_spent_key, key_threshold_key, key_exceeded_key,
                               tenant_threshold_key, tenant_exceeded_key, a + 2)
  -- Only a call whose budget hold is still there moves the counters (once).
  local held = redis.call('GET', hold_key)
  local crossed, spent = 0, {0, 0}
  if held then
    redis.call('DEL', hold_key)
    local delta = cost - tonumber(held)
    for i = 1, 2 do
      if scopes[i].budget > 0 and delta ~= 0 then
        local crossing
        spent[i], crossing = budget_add(scopes[i], delta)
        crossed = crossed + crossing * (i == 1 and 1 or 4)
      end
    end
  end
  out[#out + 1] = crossed
  out[#out + 1] = spent[1]
  out[#out + 1] = spent[2]
end
return out
`;
