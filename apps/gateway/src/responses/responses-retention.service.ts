import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { asTenantId } from '@tollgate/contracts';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { ResponsesRepository } from './responses.repository';

/** Rows per DELETE: short statements that never hold many locks. */
const BATCH = 1000;
const DAY_MS = 86_400_000;

/**
 * Stored responses are deleted RESPONSES_RETENTION_DAYS (0: never) after they were created: a pass
 * at start and every RESPONSES_RETENTION_SWEEP_MS, tenant by tenant in small batches. Every gateway
 * runs it; concurrent passes only find less to delete.
 */
@Injectable()
export class ResponsesRetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ResponsesRetention');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly repo: ResponsesRepository,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.RESPONSES_RETENTION_DAYS <= 0) return;
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.config.RESPONSES_RETENTION_SWEEP_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass (shared with one in progress); how many responses it deleted. Never throws. */
  sweep(): Promise<number> {
    this.running ??= this.pass()
      .catch((err: Error) => {
        this.logger.warn({ err: err.message }, 'stored-response retention pass failed; the next pass retries');
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    const cutoff = new Date(Date.now() - this.config.RESPONSES_RETENTION_DAYS * DAY_MS);
    let deleted = 0;
    for (const tenantId of await this.repo.tenantsWithResponsesBefore(cutoff)) {
      for (;;) {
        const n = await this.repo.deleteBatch(asTenantId(tenantId), cutoff, BATCH);
        deleted += n;
        if (n < BATCH) break;
      }
    }
    if (deleted)
      this.logger.log(
        { deleted, before: cutoff.toISOString(), retentionDays: this.config.RESPONSES_RETENTION_DAYS },
        'stored responses past retention deleted',
      );
    return deleted;
  }
}
