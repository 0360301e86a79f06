/**
 * Lua shared by the gateway (hold, settle, keep-alive) and billing (book, reconcile, expire).
 * A tenant's credit keys come as KEYS[o..o+8] in creditKeyList order; `o` is the first one's
 * index, and every script names them through credit_keys(o) before touching any.
 */

/** Names the tenant's nine credit keys (see keys.ts), and the helpers every script shares. */
export const CREDIT_PRELUDE = `
local function credit_keys(o)
  return { bal = KEYS[o], seq = KEYS[o+1], held = KEYS[o+2], holds = KEYS[o+3], hexp = KEYS[o+4],
           unb = KEYS[o+5], unbh = KEYS[o+6], usince = KEYS[o+7], hmeta = KEYS[o+8] }
end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
-- Forget one unbooked cost: billing booked it, parked it, or confirmed it will never come.
local function drop_unbooked(k, id)
  local v = redis.call('HGET', k.unbh, id)
  if v then
    redis.call('DECRBY', k.unb, v)
    redis.call('HDEL', k.unbh, id)
  end
  redis.call('ZREM', k.usince, id)
end
local function available(k)
  local v = redis.call('MGET', k.bal, k.held, k.unb)
  return tonumber(v[1] or '0') - tonumber(v[2] or '0') - tonumber(v[3] or '0')
end
`;

/**
 * Places a hold of `amount` for `requestId` if available credit covers it. Returns {1|0, available}.
 * A hold lives until its call settles; the gateway serving it pushes its expiry forward while the
 * call runs, so an expired hold belongs to a gateway that died. Billing turns those into charges
 * (credit-store's expire script); they are never silently dropped here.
 */
export const HOLD_BODY = `
local function hold(k, requestId, amount, ttl, now, meta)
  local avail = available(k)
  if amount > 0 and avail < amount then return 0, avail end
  if amount > 0 then
    redis.call('HSET', k.holds, requestId, amount)
    redis.call('HSET', k.hmeta, requestId, meta)
    redis.call('INCRBY', k.held, amount)
    redis.call('ZADD', k.hexp, now + ttl, requestId)
  end
  return 1, avail - amount
end
`;

/**
 * Gateway, after responses: each call's hold is released and replaced by the call's real cost,
 * unbooked until billing books it. Only a call that still had a hold adds an unbooked cost, so a
 * repeated or late settle (after billing booked or expired the call) counts nothing twice.
 * ARGV: (requestId, cost) pairs, one per call of this tenant. A fixed number of commands per batch.
 */
export const SETTLE_SCRIPT = `${CREDIT_PRELUDE}
local k, now = credit_keys(1), now_ms()
local ids, costs = {}, {}
for i = 1, #ARGV, 2 do
  ids[#ids + 1] = ARGV[i]
  costs[#costs + 1] = tonumber(ARGV[i + 1])
end
local holds, released = redis.call('HMGET', k.holds, unpack(ids)), 0
local fields, since, total = {}, {}, 0
for i = 1, #ids do
  if holds[i] then
    released = released + tonumber(holds[i])
    if costs[i] > 0 then
      fields[#fields + 1] = ids[i]
      fields[#fields + 1] = costs[i]
      since[#since + 1] = now
      since[#since + 1] = ids[i]
      total = total + costs[i]
    end
  end
end
if released > 0 then redis.call('DECRBY', k.held, released) end
redis.call('HDEL', k.holds, unpack(ids))
redis.call('HDEL', k.hmeta, unpack(ids))
redis.call('ZREM', k.hexp, unpack(ids))
if total > 0 then
  redis.call('HSET', k.unbh, unpack(fields))
  redis.call('INCRBY', k.unb, total)
  redis.call('ZADD', k.usince, unpack(since))
end
return 1
`;

/**
 * Gateway, while calls run: push the expiry of their holds forward (only holds that still exist).
 * ARGV: ttl ms, then request ids.
 */
export const KEEPALIVE_SCRIPT = `${CREDIT_PRELUDE}
local k, now = credit_keys(1), now_ms()
local until_ms = now + tonumber(ARGV[1])
for i = 2, #ARGV do
  redis.call('ZADD', k.hexp, 'XX', until_ms, ARGV[i])
end
return 1
`;

/**
 * Billing, after a ledger commit: write the ledger balance if its version is newer than the one
 * Redis has, and forget the unbooked costs of the requests that commit booked (or parked).
 * ARGV: balance, version, then request ids.
 */
export const BOOK_SCRIPT = `${CREDIT_PRELUDE}
local k = credit_keys(1)
local balance, seq = ARGV[1], tonumber(ARGV[2])
if seq > tonumber(redis.call('GET', k.seq) or '-1') then
  redis.call('SET', k.bal, balance)
  redis.call('SET', k.seq, seq)
end
for i = 3, #ARGV do
  drop_unbooked(k, ARGV[i])
  redis.call('HDEL', k.hmeta, ARGV[i])
end
return 1
`;

/**
 * Billing: the holds whose gateway died (expiry passed) are released and become unbooked costs
 * of the hold's amount, atomically, so the credit stays reserved until billing has booked the
 * call's estimated charge (which then drops the unbooked cost and the meta, kept until then so a
 * failed booking can be retried). At most ARGV[1] of them.
 * Returns {requestId, hold, meta, ...} of the holds converted.
 */
export const EXPIRE_SCRIPT = `${CREDIT_PRELUDE}
local k, now = credit_keys(1), now_ms()
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', k.hexp, '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))) do
  local amount = redis.call('HGET', k.holds, id)
  local meta = redis.call('HGET', k.hmeta, id)
  redis.call('ZREM', k.hexp, id)
  if amount then
    redis.call('HDEL', k.holds, id)
    redis.call('DECRBY', k.held, amount)
    redis.call('HSET', k.unbh, id, amount)
    redis.call('INCRBY', k.unb, amount)
    redis.call('ZADD', k.usince, now, id)
    out[#out + 1] = id
    out[#out + 1] = amount
    out[#out + 1] = meta or ''
  end
end
return out
`;
