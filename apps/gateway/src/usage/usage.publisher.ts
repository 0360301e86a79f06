import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { USAGE_BATCH_MAX, usageBatchId, UsageRecorded } from '@tollgate/contracts';
import { CreditStore } from '@tollgate/credit';
import { Bus, ensureUsageStream } from '@tollgate/messaging';
import { REDIS } from '../infra/tokens';

const ATTEMPTS = 5;
/** Finished calls are gathered this long, so that a burst goes to Redis and NATS in one write each. */
const BATCH_MS = 10;

/** What is left to do once a call has been answered. */
export interface FinishedCall {
  event: UsageRecorded;
  /** The call placed a credit hold or cost something: settle the hold to `event.costMicros`. */
  settle: boolean;
}

/**
 * After the response (the caller never waits): settles the credit holds to the real costs, then
 * publishes the usage events to JetStream. Calls finishing within a couple of milliseconds go
 * out together: one settle script per tenant and one billing.usage.batch.v1 message per batch
 * (msgID stable across retries, so a retried publish is stored once), instead of a Redis call
 * and a JetStream message per request.
 */
@Injectable()
export class UsagePublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('UsagePublisher');
  private readonly credit: CreditStore;
  private readonly pending = new Set<Promise<void>>();
  private queue: FinishedCall[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: Bus,
    @Inject(REDIS) redis: Redis,
  ) {
    this.credit = new CreditStore(redis);
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureUsageStream(this.bus);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  record(call: FinishedCall): void {
    this.queue.push(call);
    if (this.queue.length >= USAGE_BATCH_MAX) this.drain();
    else this.timer ??= setTimeout(() => this.drain(), BATCH_MS);
  }

  /** Sends what is queued and waits for everything in flight (graceful shutdown, tests). */
  async flush(): Promise<void> {
    this.drain();
    await Promise.all([...this.pending]);
  }

  private drain(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    if (!batch.length) return;
    const p = this.settle(batch)
      .then(() => this.publish(batch.map((c) => c.event)))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private async settle(batch: FinishedCall[]): Promise<void> {
    const byTenant = new Map<string, { requestId: string; costMicros: number }[]>();
    for (const { event, settle } of batch) {
      if (!settle) continue;
      const calls = byTenant.get(event.tenantId) ?? [];
      calls.push({ requestId: event.requestId, costMicros: event.costMicros });
      byTenant.set(event.tenantId, calls);
    }
    await Promise.all(
      [...byTenant].map(([tenantId, calls]) =>
        this.credit.settleMany(tenantId, calls).catch((err: Error) => {
          this.logger.warn({ requestIds: calls.map((c) => c.requestId), err: err.message }, 'credit settle failed; the holds will expire');
        }),
      ),
    );
  }

  private async publish(events: UsageRecorded[]): Promise<void> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        await this.bus.publishDurable('usageBatch', { events }, usageBatchId(events));
        return;
      } catch (err) {
        if (attempt === ATTEMPTS) {
          this.logger.error({ requestIds: events.map((e) => e.requestId), err: (err as Error).message }, 'usage events could not be published');
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }
}
