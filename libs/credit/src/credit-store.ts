import type Redis from 'ioredis';
import { creditKeyList, creditKeys } from './keys';
import { BOOK_SCRIPT, SETTLE_SCRIPT } from './lua';

/** How long a settled cost waits for billing to book it before it stops counting against credit. */
export const UNBOOKED_TTL_MS = 60 * 60 * 1000;

type WithCredit = Redis & {
  tgCreditSettle(...args: (string | number)[]): Promise<number>;
  tgCreditBook(...args: (string | number)[]): Promise<number>;
};

/** The non-hot-path credit operations: the gateway settles, billing books and reconciles. */
export class CreditStore {
  private readonly redis: WithCredit;

  constructor(redis: Redis) {
    if (!('tgCreditSettle' in redis)) {
      redis.defineCommand('tgCreditSettle', { numberOfKeys: 8, lua: SETTLE_SCRIPT });
      redis.defineCommand('tgCreditBook', { numberOfKeys: 8, lua: BOOK_SCRIPT });
    }
    this.redis = redis as WithCredit;
  }

  /** Replaces the request's hold with its real cost (0 releases it). */
  settle(tenantId: string, requestId: string, costMicros: number): Promise<void> {
    return this.settleMany(tenantId, [{ requestId, costMicros }]);
  }

  /** settle() for several of one tenant's calls, in one script run. */
  async settleMany(tenantId: string, calls: readonly { requestId: string; costMicros: number }[]): Promise<void> {
    const args: (string | number)[] = creditKeyList(creditKeys(tenantId));
    args.push(UNBOOKED_TTL_MS);
    for (const c of calls) args.push(c.requestId, c.costMicros);
    await this.redis.tgCreditSettle(...args);
  }

  /**
   * After a ledger commit: the tenant's balance at ledger version `seq` (strictly increasing),
   * and the request whose cost that commit booked, if any.
   */
  async book(tenantId: string, balanceMicros: bigint | number, seq: bigint | number, requestId?: string): Promise<void> {
    await this.redis.tgCreditBook(...creditKeyList(creditKeys(tenantId)), requestId ?? '', balanceMicros.toString(), seq.toString());
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
