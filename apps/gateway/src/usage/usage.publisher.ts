import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { UsageRecorded } from '@tollgate/contracts';
import { Bus, ensureUsageStream } from '@tollgate/messaging';

const ATTEMPTS = 5;
/** Finished calls are gathered this long, so that a burst goes to Redis and NATS in one write each. */
const BATCH_MS = 2;

/** What is left to do once a call has been answered. */
export interface FinishedCall {
  event: UsageRecorded;
  /** Settles the credit hold (a Redis round trip); the event is published after it. */
  settle?: () => Promise<void>;
}

/**
 * Settles holds and publishes billing.usage.recorded.v1 to JetStream with msgID = request id
 * (a retried publish is stored once), after the response: the caller never waits for it.
 * Calls finishing within a couple of milliseconds go out together, which under load turns one
 * Redis write and one NATS write per request into one of each per batch.
 */
@Injectable()
export class UsagePublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('UsagePublisher');
  private readonly pending = new Set<Promise<void>>();
  private queue: FinishedCall[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly bus: Bus) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureUsageStream(this.bus);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  record(call: FinishedCall): void {
    this.queue.push(call);
    this.timer ??= setTimeout(() => this.drain(), BATCH_MS);
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
    for (const call of batch) {
      const settled = call.settle ? call.settle() : Promise.resolve();
      const p = settled.then(() => this.publish(call.event)).finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  private async publish(event: UsageRecorded): Promise<void> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        await this.bus.publishDurable('usageRecorded', event, event.requestId);
        return;
      } catch (err) {
        if (attempt === ATTEMPTS) {
          this.logger.error({ requestId: event.requestId, err: (err as Error).message }, 'usage event could not be published');
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }
}
