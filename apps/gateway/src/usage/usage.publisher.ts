import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { UsageRecorded } from '@tollgate/contracts';
import { Bus, ensureUsageStream } from '@tollgate/messaging';

const ATTEMPTS = 5;

/**
 * Publishes billing.usage.recorded.v1 to JetStream with msgID = request id, so a retried
 * publish is stored once. Runs after the response; the caller never waits for it.
 */
@Injectable()
export class UsagePublisher implements OnApplicationBootstrap {
  private readonly logger = new Logger('UsagePublisher');
  private pending = new Set<Promise<void>>();

  constructor(private readonly bus: Bus) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureUsageStream(this.bus);
  }

  record(event: UsageRecorded): Promise<void> {
    return this.publish(event);
  }

  /** Keeps `work` in the set that flush() waits for. */
  track(work: Promise<void>): void {
    const p = work.finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Waits for publishes in flight (graceful shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
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
