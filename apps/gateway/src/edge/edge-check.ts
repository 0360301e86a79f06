import type Redis from 'ioredis';
import { revokedKey } from '@tollgate/contracts';

/**
 * The one Redis round trip of the hot path. Today: is the key revoked (a stored time of 0
 * means "now", a later time means "after its grace period")? Rate limits and credit holds
 * join this script so that it stays a single round trip.
 */
const SCRIPT = `
local v = redis.call('GET', KEYS[1])
if v then
  local at = tonumber(v)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  if at == 0 or at <= now then return 1 end
end
return 0
`;

export type EdgeVerdict = 'ok' | 'revoked';

type RedisWithEdge = Redis & { tgEdgeCheck(key: string): Promise<number> };

export function defineEdgeCheck(redis: Redis): (keyId: string) => Promise<EdgeVerdict> {
  redis.defineCommand('tgEdgeCheck', { numberOfKeys: 1, lua: SCRIPT });
  const r = redis as RedisWithEdge;
  return async (keyId) => ((await r.tgEdgeCheck(revokedKey(keyId))) === 1 ? 'revoked' : 'ok');
}
