import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { PeriodicJob } from '../infra/periodic-job';
import { AlertRetentionRepository } from './alert-retention.repository';

/** Rows per DELETE: short statements that never hold many locks nor block the delivery worker for long. */
const BATCH = 5000;
const DAY_MS = 86_400_000;

export interface AlertRetentionPass {
  deliveries: number;
  alerts: number;
}

/**
 * Webhook deliveries are kept WEBHOOK_DELIVERY_RETENTION_DAYS after they were queued once finished
 * (delivered or failed; pending ones stay until the worker finishes them), and alert events
 * ALERT_RETENTION_DAYS once no delivery references them (0: forever, each). Every
 * ALERT_RETENTION_SWEEP_MS, in batches: deliveries first, so an alert whose last deliveries just
 * went can go in the same pass. Customers' delivery logs simply no longer list what was deleted.
 */
@Injectable()
export class AlertRetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AlertRetention');
  private readonly job = new PeriodicJob<AlertRetentionPass>(
    () => this.sweepAll(),
    (err) => {
      this.logger.warn({ err: err.message }, 'alert retention pass failed; the next pass retries');
      return { deliveries: 0, alerts: 0 };
    },
  );

  constructor(
    private readonly repo: AlertRetentionRepository,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.WEBHOOK_DELIVERY_RETENTION_DAYS > 0 || this.config.ALERT_RETENTION_DAYS > 0) this.job.start(this.config.ALERT_RETENTION_SWEEP_MS);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One pass: deletes finished deliveries, then unreferenced alerts, past their retention. Never throws. */
  sweep(): Promise<AlertRetentionPass> {
    return this.job.runOnce();
  }

  private async sweepAll(): Promise<AlertRetentionPass> {
    const { WEBHOOK_DELIVERY_RETENTION_DAYS: deliveryDays, ALERT_RETENTION_DAYS: alertDays } = this.config;
    const deliveries = deliveryDays > 0 ? await drain((n) => this.repo.deleteFinishedDeliveries(cutoff(deliveryDays), n)) : 0;
    const alerts = alertDays > 0 ? await drain((n) => this.repo.deleteUnreferencedAlerts(cutoff(alertDays), n)) : 0;
    if (deliveries || alerts) this.logger.log({ deliveries, alerts, deliveryDays, alertDays }, 'webhook deliveries and alerts past retention deleted');
    return { deliveries, alerts };
  }
}

const cutoff = (days: number): Date => new Date(Date.now() - days * DAY_MS);

/** Runs `deleteBatch` until a batch comes back short; the total deleted. */
async function drain(deleteBatch: (limit: number) => Promise<number>): Promise<number> {
  let deleted = 0;
  for (;;) {
    const n = await deleteBatch(BATCH);
    deleted += n;
    if (n < BATCH) return deleted;
  }
}
