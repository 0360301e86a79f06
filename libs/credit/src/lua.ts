/**
 * Lua shared by the gateway (hold, settle) and billing (book, reconcile). Credit keys come
 * as KEYS[o..o+7] in creditKeyList order; `o` is the first credit key's index.
 */

/**
 * drop(sum, hash, zset, id): forget one hold (or one unbooked cost), keeping the running sum
 * in step. The three arguments are KEYS indices: the sum, the id → amount hash, the expiry set.
 */
const DROP = `
local function drop(sum, hash, zset, id)
  local v = redis.call('HGET', KEYS[hash], id)
  if v then
    redis.call('DECRBY', KEYS[sum], v)
    redis.call('HDEL', KEYS[hash], id)
  end
  redis.call('ZREM', KEYS[zset], id)
end
`;

/** Defines drop(), now_ms() and sweep(o): drop expired holds and expired unbooked costs (bounded work). */
export const CREDIT_PRELUDE = `${DROP}
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function sweep(o, now)
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[o+4], '-inf', now, 'LIMIT', 0, 50)) do drop(o+2, o+3, o+4, id) end
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[o+7], '-inf', now, 'LIMIT', 0, 50)) do drop(o+5, o+6, o+7, id) end
end
local function available(o)
  return tonumber(redis.call('GET', KEYS[o]) or '0') - tonumber(redis.call('GET', KEYS[o+2]) or '0') - tonumber(redis.call('GET', KEYS[o+5]) or '0')
end
`;

/** Places a hold of `amount` for `requestId` if available credit covers it. Returns {1|0, available}. */
export const HOLD_BODY = `
local function hold(o, requestId, amount, ttl, now)
  sweep(o, now)
  local avail = available(o)
  if amount > 0 and avail < amount then return 0, avail end
  if amount > 0 then
    redis.call('HSET', KEYS[o+3], requestId, amount)
    redis.call('INCRBY', KEYS[o+2], amount)
    redis.call('ZADD', KEYS[o+4], now + ttl, requestId)
  end
  return 1, avail - amount
end
`;

/** Gateway, after the response: turn the hold into the real cost, unbooked until billing books it. */
export const SETTLE_SCRIPT = `${CREDIT_PRELUDE}
local id, cost, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
drop(3, 4, 5, id)
if cost > 0 and redis.call('HEXISTS', KEYS[7], id) == 0 and redis.call('GET', KEYS[2] .. ':booked:' .. id) == false then
  redis.call('HSET', KEYS[7], id, cost)
  redis.call('INCRBY', KEYS[6], cost)
  redis.call('ZADD', KEYS[8], now_ms() + ttl, id)
end
return 1
`;

/**
 * Billing, after a ledger commit: write the ledger balance if its version is newer than the
 * one Redis has, and (for a usage debit) drop that request's unbooked cost. A marker keeps a
 * late settle from re-adding a cost that was already booked.
 */
export const BOOK_SCRIPT = `${DROP}
local id, balance, seq = ARGV[1], ARGV[2], tonumber(ARGV[3])
if seq > tonumber(redis.call('GET', KEYS[2]) or '-1') then
  redis.call('SET', KEYS[1], balance)
  redis.call('SET', KEYS[2], seq)
end
if id ~= '' then
  drop(6, 7, 8, id)
  redis.call('SET', KEYS[2] .. ':booked:' .. id, '1', 'PX', 86400000)
end
return 1
`;
