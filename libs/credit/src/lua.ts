import { creditKeyLocals } from './keys';

/**
 * Lua shared by the gateway (hold, settle, keep-alive) and billing (book, reconcile, expire).
 * Every script opens by naming each key it is given (`local balance_key = KEYS[1]`, keys.ts lists
 * them and how long each lives), touches no other key, and reads one clock: Redis TIME.
 * Amounts are integer micro-units.
 */

/**
 * The tenant's nine credit keys as locals (the first is KEYS[first]), and the helpers every credit
 * script shares. Scripts and bodies after it use the locals by name.
 */
export function creditPrelude(first: number): string {
  return `${creditKeyLocals(first)}
-- The one clock of the credit scripts: Redis's, in ms.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
-- What the tenant may still spend: the ledger balance less open holds and settled costs not yet booked.
local function available()
  local v = redis.call('MGET', balance_key, held_key, unbooked_key)
  return tonumber(v[1] or '0') - tonumber(v[2] or '0') - tonumber(v[3] or '0')
end
`;
}

/**
 * Places a hold of `amount` for `request_id` if available credit covers it. Returns 1|0, available.
 * A hold lives until its call settles; the gateway serving it pushes its expiry forward while the
 * call runs, so an expired hold belongs to a gateway that died. Billing turns those into charges
 * (EXPIRE_SCRIPT); they are never silently dropped here. Needs creditPrelude before it.
 */
export const HOLD_BODY = `
local function hold(request_id, amount, ttl_ms, now, meta)
  local avail = available()
  -- Not enough credit: refuse, reserving nothing.
  if amount > 0 and avail < amount then return 0, avail end
  -- Reserve the amount until the call settles or its expiry passes; remember what to charge if its gateway dies.
  if amount > 0 then
    redis.call('HSET', holds_key, request_id, amount)
    redis.call('HSET', hold_meta_key, request_id, meta)
    redis.call('INCRBY', held_key, amount)
    redis.call('ZADD', hold_expiry_key, now + ttl_ms, request_id)
  end
  return 1, avail - amount
end
`;

/**
 * Gateway, after responses: each call's hold is released and replaced by the call's real cost,
 * unbooked until billing books it. Only a call that still had a hold adds an unbooked cost, so a
 * repeated or late settle (after billing booked or expired the call) counts nothing twice.
 * KEYS: the credit keys. ARGV: (requestId, cost) pairs, one per call of this tenant.
 * A fixed number of commands per batch.
 */
export const SETTLE_SCRIPT = `${creditPrelude(1)}
local now = now_ms()
local ids, costs = {}, {}
for i = 1, #ARGV, 2 do
  ids[#ids + 1] = ARGV[i]
  costs[#costs + 1] = tonumber(ARGV[i + 1])
end
-- Which calls still hold credit: only those release a hold and owe their cost.
local holds, released = redis.call('HMGET', holds_key, unpack(ids)), 0
local unbooked_fields, since_fields, owed = {}, {}, 0
for i = 1, #ids do
  if holds[i] then
    released = released + tonumber(holds[i])
    if costs[i] > 0 then
      unbooked_fields[#unbooked_fields + 1] = ids[i]
      unbooked_fields[#unbooked_fields + 1] = costs[i]
      since_fields[#since_fields + 1] = now
      since_fields[#since_fields + 1] = ids[i]
      owed = owed + costs[i]
    end
  end
end
-- Release the holds: the calls are over, their meta is no longer needed.
if released > 0 then redis.call('DECRBY', held_key, released) end
redis.call('HDEL', holds_key, unpack(ids))
redis.call('HDEL', hold_meta_key, unpack(ids))
redis.call('ZREM', hold_expiry_key, unpack(ids))
-- Reserve the real costs instead, until billing books them.
if owed > 0 then
  redis.call('HSET', unbooked_costs_key, unpack(unbooked_fields))
  redis.call('INCRBY', unbooked_key, owed)
  redis.call('ZADD', unbooked_since_key, unpack(since_fields))
end
return 1
`;

/**
 * Gateway, while calls run: push the expiry of their holds forward (only holds that still exist,
 * so a call settled or expired meanwhile gets no hold back).
 * KEYS: the credit keys. ARGV: ttl ms, then request ids.
 */
export const KEEPALIVE_SCRIPT = `${creditPrelude(1)}
local until_ms = now_ms() + tonumber(ARGV[1])
for i = 2, #ARGV do
  redis.call('ZADD', hold_expiry_key, 'XX', until_ms, ARGV[i])
end
return 1
`;

/**
 * Billing, after a ledger commit: write the ledger balance if its version is newer than the one
 * Redis has, and forget the unbooked costs of the requests that commit booked (or parked).
 * KEYS: the credit keys. ARGV: balance, version, then request ids (version -1: ids only).
 * A round books up to thousands of calls: their ids are dropped in bulk, a few commands per
 * BULK ids (unpack stays far inside Lua's stack limit), not five per call.
 */
export const BOOK_SCRIPT = `${creditPrelude(1)}
local BULK = 500
local balance, version = ARGV[1], tonumber(ARGV[2])
-- The balance only moves forward: an older commit arriving late changes nothing.
if version > tonumber(redis.call('GET', version_key) or '-1') then
  redis.call('SET', balance_key, balance)
  redis.call('SET', version_key, version)
end
-- The booked calls are in the balance now: stop reserving their costs, drop what a lost call kept.
for first = 3, #ARGV, BULK do
  local ids = {unpack(ARGV, first, math.min(first + BULK - 1, #ARGV))}
  local costs, owed = redis.call('HMGET', unbooked_costs_key, unpack(ids)), 0
  for i = 1, #ids do
    if costs[i] then owed = owed + tonumber(costs[i]) end
  end
  if owed ~= 0 then redis.call('DECRBY', unbooked_key, owed) end
  redis.call('HDEL', unbooked_costs_key, unpack(ids))
  redis.call('ZREM', unbooked_since_key, unpack(ids))
  redis.call('HDEL', hold_meta_key, unpack(ids))
end
return 1
`;

/**
 * Billing: the holds whose gateway died (expiry passed) are released and become unbooked costs
 * of the hold's amount, atomically, so the credit stays reserved until billing has booked the
 * call's estimated charge (which then drops the unbooked cost and the meta, kept until then so a
 * failed booking can be retried). KEYS: the credit keys. ARGV: at most how many.
 * Returns {requestId, hold, meta, ...} of the holds converted.
 */
export const EXPIRE_SCRIPT = `${creditPrelude(1)}
local now, out = now_ms(), {}
local expired = redis.call('ZRANGEBYSCORE', hold_expiry_key, '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, id in ipairs(expired) do
  local amount = redis.call('HGET', holds_key, id)
  local meta = redis.call('HGET', hold_meta_key, id)
  redis.call('ZREM', hold_expiry_key, id)
  -- The hold's amount moves from held to unbooked: available credit does not change.
  if amount then
    redis.call('HDEL', holds_key, id)
    redis.call('DECRBY', held_key, amount)
    redis.call('HSET', unbooked_costs_key, id, amount)
    redis.call('INCRBY', unbooked_key, amount)
    redis.call('ZADD', unbooked_since_key, now, id)
    out[#out + 1] = id
    out[#out + 1] = amount
    out[#out + 1] = meta or ''
  end
end
return out
`;
