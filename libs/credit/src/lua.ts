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
  local v = redis.call('MGET', KEYS[o], KEYS[o+2], KEYS[o+5])
  return tonumber(v[1] or '0') - tonumber(v[2] or '0') - tonumber(v[3] or '0')
end
`;

/**
 * Places a hold of `amount` for `requestId` if available credit covers it. Returns {1|0, available}.
 * Expired holds and unbooked costs only ever lower the available figure, so they are swept only
 * when the hold would otherwise be refused (and on every settle): the decision is the same.
 */
export const HOLD_BODY = `
local function hold(o, requestId, amount, ttl, now)
  local avail = available(o)
  if amount > 0 and avail < amount then
    sweep(o, now)
    avail = available(o)
    if avail < amount then return 0, avail end
  end
  if amount > 0 then
    redis.call('HSET', KEYS[o+3], requestId, amount)
    redis.call('INCRBY', KEYS[o+2], amount)
    redis.call('ZADD', KEYS[o+4], now + ttl, requestId)
  end
  return 1, avail - amount
end
`;

/**
 * Gateway, after responses: turn each hold into its call's real cost, unbooked until billing
 * books it (not again once unbooked or booked: a repeated settle counts nothing twice).
 * ARGV: ttl, then (requestId, cost) pairs, one pair per call of this tenant. A fixed number of
 * commands per batch, whatever its size.
 */
export const SETTLE_SCRIPT = `${CREDIT_PRELUDE}
local ttl, now = tonumber(ARGV[1]), now_ms()
sweep(1, now)
local ids, costs, booked = {}, {}, {}
for i = 2, #ARGV, 2 do
  ids[#ids + 1] = ARGV[i]
  costs[#costs + 1] = tonumber(ARGV[i + 1])
  booked[#booked + 1] = KEYS[2] .. ':booked:' .. ARGV[i]
end
local holds, released = redis.call('HMGET', KEYS[4], unpack(ids)), 0
for i = 1, #ids do
  if holds[i] then released = released + tonumber(holds[i]) end
end
if released > 0 then redis.call('DECRBY', KEYS[3], released) end
redis.call('HDEL', KEYS[4], unpack(ids))
redis.call('ZREM', KEYS[5], unpack(ids))
local unbooked, done = redis.call('HMGET', KEYS[7], unpack(ids)), redis.call('MGET', unpack(booked))
local fields, expiries, total = {}, {}, 0
for i = 1, #ids do
  if costs[i] > 0 and not unbooked[i] and not done[i] then
    fields[#fields + 1] = ids[i]
    fields[#fields + 1] = costs[i]
    expiries[#expiries + 1] = now + ttl
    expiries[#expiries + 1] = ids[i]
    total = total + costs[i]
  end
end
if total > 0 then
  redis.call('HSET', KEYS[7], unpack(fields))
  redis.call('INCRBY', KEYS[6], total)
  redis.call('ZADD', KEYS[8], unpack(expiries))
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
