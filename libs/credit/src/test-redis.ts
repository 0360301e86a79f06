import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { CreditStore } from './credit-store';
import { creditKeyList, creditKeys } from './keys';
import { creditPrelude, HOLD_BODY } from './lua';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** HOLD_BODY on its own, as the admission script runs it. ARGV: requestId, amount, ttl ms, meta. Returns {1|0, available}. */
export const HOLD_TEST_SCRIPT = `${creditPrelude(1)}${HOLD_BODY}
local ok, avail = hold(ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), now_ms(), ARGV[4])
return {ok, avail}
`;

type WithHold = Redis & { tgTestHold(...args: (string | number)[]): Promise<[number, number]> };

/**
 * Tests only: the real Redis under a random key prefix of its own, a tenant, the credit store on
 * it, and `hold()` (HOLD_BODY alone). `cleanup()` deletes every key under the prefix.
 */
export class ScratchCredit {
  readonly prefix = `credit-test-${randomUUID().slice(0, 8)}:`;
  readonly redis = new Redis(REDIS_URL, { keyPrefix: this.prefix }) as WithHold;
  readonly store = new CreditStore(this.redis);
  readonly tenant = randomUUID();
  readonly keys = creditKeys(this.tenant);

  constructor() {
    this.redis.defineCommand('tgTestHold', { numberOfKeys: creditKeyList(this.keys).length, lua: HOLD_TEST_SCRIPT });
  }

  /** Places a hold (ttlMs < 0: a hold already past its expiry, as a dead gateway leaves it). */
  async hold(requestId: string, amount: number, ttlMs = 60_000, meta = '', on: WithHold = this.redis): Promise<{ ok: boolean; available: number }> {
    const [ok, available] = await on.tgTestHold(...creditKeyList(this.keys), requestId, amount, ttlMs, meta);
    return { ok: ok === 1, available };
  }

  /** Another connection under the same prefix (for concurrency). */
  connection(): WithHold {
    const c = new Redis(REDIS_URL, { keyPrefix: this.prefix }) as WithHold;
    c.defineCommand('tgTestHold', { numberOfKeys: creditKeyList(this.keys).length, lua: HOLD_TEST_SCRIPT });
    return c;
  }

  async cleanup(): Promise<void> {
    const plain = new Redis(REDIS_URL);
    const keys = await plain.keys(`${this.prefix}*`);
    if (keys.length) await plain.del(...keys);
    plain.disconnect();
    this.redis.disconnect();
  }
}
