import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS } from '../infra/infra.module';
import { sha256Hex } from './tokens';

const WINDOW_MS = 15 * 60 * 1000;
const MAX_DELAY_MS = 15 * 60 * 1000;
/** Failures allowed before delays start: per account, and per address (shared by every account tried from it). */
export const FREE_FAILURES = { account: 5, address: 20 } as const;

type Scope = keyof typeof FREE_FAILURES;

/**
 * Sign-in failures per account and per address, in Redis. Past the free failures each further one
 * locks the account (or address) for 1 s, 2 s, 4 s, ... up to 15 min. A success clears the account's count.
 */
@Injectable()
export class SignInLimiter {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Seconds until a sign-in may be tried again, 0 if now. */
  async retryAfterSeconds(email: string, address: string): Promise<number> {
    const [account, addr] = await Promise.all([this.redis.pttl(this.key('account', email, 'lock')), this.redis.pttl(this.key('address', address, 'lock'))]);
    return Math.ceil(Math.max(account, addr, 0) / 1000);
  }

  async failed(email: string, address: string): Promise<void> {
    await Promise.all([this.count('account', email), this.count('address', address)]);
  }

  async succeeded(email: string): Promise<void> {
    await this.redis.del(this.key('account', email, 'n'), this.key('account', email, 'lock'));
  }

  private async count(scope: Scope, who: string): Promise<void> {
    const countKey = this.key(scope, who, 'n');
    const [[, failures]] = (await this.redis.multi().incr(countKey).pexpire(countKey, WINDOW_MS).exec()) as [[null, number], unknown];
    const over = failures - FREE_FAILURES[scope];
    if (over <= 0) return;
    const delayMs = Math.min(1000 * 2 ** Math.min(over - 1, 20), MAX_DELAY_MS);
    await this.redis.set(this.key(scope, who, 'lock'), '1', 'PX', delayMs);
  }

  private key(scope: Scope, who: string, kind: 'n' | 'lock'): string {
    return `signin:${scope}:${sha256Hex(who).slice(0, 32)}:${kind}`;
  }
}
