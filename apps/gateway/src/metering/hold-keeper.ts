import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { CreditStore } from '@tollgate/credit';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { REDIS } from '../infra/tokens';

/** Most holds one keep-alive script run touches. */
const CHUNK = 500;

/**
 * Keeps the credit holds of the calls this gateway is serving alive: every third of HOLD_TTL_MS
 * their expiry moves a whole TTL ahead (one script per tenant), so a hold lasts as long as its call,
 * however long a stream runs. A hold whose gateway died is no longer pushed, expires, and billing
 * charges it. Holds that cannot be kept alive (Redis away) are retried at the next tick.
 */
@Injectable()
export class HoldKeeper implements OnApplicationShutdown {
  private readonly logger = new Logger('HoldKeeper');
  private readonly credit: CreditStore;
  private readonly live = new Map<string, Set<string>>();
  private timer?: NodeJS.Timeout;
  private keepAliveFailures = 0;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.credit = new CreditStore(redis);
  }

  add(tenantId: string, requestId: string): void {
    let ids = this.live.get(tenantId);
    if (!ids) this.live.set(tenantId, (ids = new Set()));
    ids.add(requestId);
    if (!this.timer) {
      this.timer = setInterval(() => void this.tick(), Math.max(50, Math.floor(this.config.HOLD_TTL_MS / 3)));
      this.timer.unref();
    }
  }

  remove(tenantId: string, requestId: string): void {
    const ids = this.live.get(tenantId);
    if (!ids) return;
    ids.delete(requestId);
    if (!ids.size) this.live.delete(tenantId);
  }

  /** Holds being kept alive: the calls this instance is serving that placed one (a metrics gauge). */
  count(): number {
    let n = 0;
    for (const ids of this.live.values()) n += ids.size;
    return n;
  }

  /** Keep-alive runs (one tenant's chunk of holds) that failed since start (a metrics counter). */
  failedKeepAlives(): number {
    return this.keepAliveFailures;
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    const runs: Promise<void>[] = [];
    for (const [tenantId, ids] of this.live) {
      const all = [...ids];
      for (let i = 0; i < all.length; i += CHUNK) {
        const chunk = all.slice(i, i + CHUNK);
        runs.push(
          this.credit.keepAlive(tenantId, this.config.HOLD_TTL_MS, chunk).catch((err: Error) => {
            this.keepAliveFailures++;
            this.logger.warn({ tenantId, err: err.message }, 'could not keep holds alive');
          }),
        );
      }
    }
    await Promise.all(runs);
  }
}
