import { CREDIT_PRELUDE, HOLD_BODY } from '@tollgate/credit';

/**
 * The one Redis round trip of the hot path, atomically:
 *   1. is the key revoked (stored time 0 = now, a later time = after its grace period)?
 *   2. would this request exceed the key's or the tenant's requests/tokens per minute?
 *   3. place the credit hold against available = balance − holds − unbooked costs;
 *   4. count the request and its tokens in the four minute windows.
 *
 * KEYS: 1 revoked marker, 2..10 tenant credit keys, 11..14 windows (key rpm, key tpm, tenant rpm, tenant tpm)
 * ARGV: 1 requestId, 2 hold, 3 holdTtlMs, 4..7 limits (0 = none), 8 tokens, 9 window ttl ms,
 *       10 hold meta (what billing needs to charge the call if this gateway dies)
 * Returns {0, available, used...} admitted | {1} revoked | {2, which, used...} rate limited | {3, available} no credit
 */
export const EDGE_SCRIPT = `${CREDIT_PRELUDE}${HOLD_BODY}
local now = now_ms()
local revoked, credit, windows = KEYS[1], credit_keys(2), 10
local v = redis.call('GET', revoked)
if v then
  local at = tonumber(v)
  if at == 0 or at <= now then return {1} end
end
local tokens = tonumber(ARGV[8])
local limits = {tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])}
local cost = {1, tokens, 1, tokens}
local used = {0, 0, 0, 0}
for i = 1, 4 do
  if limits[i] > 0 then
    used[i] = tonumber(redis.call('GET', KEYS[windows + i]) or '0')
    if used[i] + cost[i] > limits[i] then return {2, i, used[1], used[2], used[3], used[4]} end
  end
end
local ok, avail = hold(credit, ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), now, ARGV[10])
if ok == 0 then return {3, avail} end
for i = 1, 4 do
  if limits[i] > 0 and cost[i] > 0 then
    used[i] = redis.call('INCRBY', KEYS[windows + i], cost[i])
    if used[i] == cost[i] then redis.call('PEXPIRE', KEYS[windows + i], tonumber(ARGV[9])) end
  end
end
return {0, avail, used[1], used[2], used[3], used[4]}
`;
