import type Redis from 'ioredis';
import { decodeHoldMeta, HoldMeta } from './hold-meta';
import { creditKeyList, creditKeys } from './keys';
import { BOOK_SCRIPT, EXPIRE_SCRIPT, KEEPALIVE_SCRIPT, SETTLE_SCRIPT } from './lua';

type Args = (string | number)[];
type WithCredit = Redis & {
  tgCreditSettle(...args: Args): Promise<number>;
  tgCreditBook(...args: Args): Promise<number>;
  tgCreditKeepAlive(...args: Args): Promise<number>;
  tgCreditExpire(...args: Args): Promise<string[]>;
};

const KEY_COUNT = 9;

/** A hold whose gateway died, released by `expireHolds` and waiting to be charged by billing. */
export interface LostHold {
  requestId: string;
  holdMicros: number;
  /** null when the hold carried no readable meta (billing charges nothing it cannot attribute). */
  meta: HoldMeta | null;
}

/** The non-hot-path credit operations: the gateway settles and keeps holds alive, billing books, reconciles and expires. */
export class CreditStore {
  private readonly redis: WithCredit;

  constructor(redis: Redis) {
    if (!('tgCreditSettle' in redis)) {
      redis.defineCommand('tgCreditSettle', { numberOfKeys: KEY_COUNT, lua: SETTLE_SCRIPT });
      redis.defineCommand('tgCreditBook', { numberOfKeys: KEY_COUNT, lua: BOOK_SCRIPT });
      redis.defineCommand('tgCreditKeepAlive', { numberOfKeys: KEY_COUNT, lua: KEEPALIVE_SCRIPT });
      redis.defineCommand('tgCreditExpire', { numberOfKeys: KEY_COUNT, lua: EXPIRE_SCRIPT });
    }
    this.redis = redis as WithCredit;
  }

  /** Replaces the request's hold with its real cost (0 releases it). */
  settle(tenantId: string, requestId: string, costMicros: number): Promise<void> {
    return this.settleMany(tenantId, [{ requestId, costMicros }]);
  }

  /** settle() for several of one tenant's calls, in one script run. */
  async settleMany(tenantId: string, calls: readonly { requestId: string; costMicros: number }[]): Promise<void> {
    if (!calls.length) return;
    const args: Args = creditKeyList(creditKeys(tenantId));
    for (const c of calls) args.push(c.requestId, c.costMicros);
    await this.redis.tgCreditSettle(...args);
  }

  /** Pushes the expiry of these calls' holds `ttlMs` past now (holds already settled are left alone). */
  async keepAlive(tenantId: string, ttlMs: number, requestIds: readonly string[]): Promise<void> {
    if (!requestIds.length) return;
    await this.redis.tgCreditKeepAlive(...creditKeyList(creditKeys(tenantId)), ttlMs, ...requestIds);
  }

  /**
   * After a ledger commit: the tenant's balance at ledger version `seq` (strictly increasing),
   * and the requests that commit booked (or parked), whose unbooked costs it forgets.
   */
  async book(tenantId: string, balanceMicros: bigint | number, seq: bigint | number, requestIds: string | readonly string[] = []): Promise<void> {
    const ids = typeof requestIds === 'string' ? [requestIds] : requestIds;
    await this.redis.tgCreditBook(...creditKeyList(creditKeys(tenantId)), balanceMicros.toString(), seq.toString(), ...ids);
  }

  /** Forgets unbooked costs without touching the balance (requests booked earlier, or parked). */
  async forget(tenantId: string, requestIds: readonly string[]): Promise<void> {
    if (requestIds.length) await this.redis.tgCreditBook(...creditKeyList(creditKeys(tenantId)), '0', '-1', ...requestIds);
  }

  /** Releases up to `max` expired holds (their gateway died) into unbooked costs, for billing to charge. */
  async expireHolds(tenantId: string, max: number): Promise<LostHold[]> {
    const flat = await this.redis.tgCreditExpire(...creditKeyList(creditKeys(tenantId)), max);
    const lost: LostHold[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) lost.push({ requestId: flat[i], holdMicros: Number(flat[i + 1]), meta: decodeHoldMeta(flat[i + 2]) });
    return lost;
  }

  /** Unbooked costs older than `olderThanMs` (ids), for billing to check against its ledger. */
  async staleUnbooked(tenantId: string, olderThanMs: number, max: number): Promise<string[]> {
    const time = await this.redis.time();
    const now = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
    return this.redis.zrangebyscore(creditKeys(tenantId).usince, '-inf', now - olderThanMs, 'LIMIT', 0, max);
  }

  /** The hold meta still kept for these requests (lost calls not yet booked), by request id. */
  async holdMeta(tenantId: string, requestIds: readonly string[]): Promise<Map<string, HoldMeta>> {
    const out = new Map<string, HoldMeta>();
    if (!requestIds.length) return out;
    const raw = await this.redis.hmget(creditKeys(tenantId).hmeta, ...requestIds);
    raw.forEach((text, i) => {
      const meta = text ? decodeHoldMeta(text) : null;
      if (meta) out.set(requestIds[i], meta);
    });
    return out;
  }

  /** Available credit as the gateway sees it: balance − open holds − unbooked costs. */
  async available(tenantId: string): Promise<{ balance: number; held: number; unbooked: number; available: number }> {
    const k = creditKeys(tenantId);
    const [bal, held, unb] = (await this.redis.mget(k.bal, k.held, k.unb)).map((v) => Number(v ?? 0));
    return { balance: bal, held, unbooked: unb, available: bal - held - unb };
  }

  async openHolds(tenantId: string): Promise<number> {
    return this.redis.hlen(creditKeys(tenantId).holds);
  }
}
