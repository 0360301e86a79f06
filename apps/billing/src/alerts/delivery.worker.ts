import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { PeriodicJob } from '../infra/periodic-job';
import { nextAttemptAt, RetryPolicy } from './backoff';
import { AttemptOutcome, ClaimedDelivery, DeliveriesRepository } from './deliveries.repository';
import { webhookHeaders } from './signing';
import { AttemptResult, WebhookSender } from './webhook-sender';
import { SecretBox } from '@tollgate/server';

/** Most deliveries one pass claims (sent in parallel). */
const CLAIM_BATCH = 20;

/** The webhook body: `{ type, timestamp, data }` with snake_case keys like /me, the same bytes on every attempt. */
export function webhookBody(d: Pick<ClaimedDelivery, 'type' | 'occurredAt' | 'data'>): string {
  return JSON.stringify({ type: d.type, timestamp: new Date(d.occurredAt).toISOString(), data: snakeKeys(d.data) });
}

/** `balanceMicros` → `balance_micros`, at every depth (alerts are raised with camelCase data, as on NATS). */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeKeys(v)]));
}

/**
 * Sends due deliveries every WEBHOOK_POLL_MS on each billing replica. A pass claims rows with
 * FOR UPDATE SKIP LOCKED (two replicas never send the same attempt), signs each with its endpoint's
 * current secret (Standard Webhooks headers), POSTs it, and records the outcome: delivered on a
 * 2xx, otherwise retried on WEBHOOK_RETRY_SCHEDULE within WEBHOOK_RETRY_WINDOW_MS, then failed.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookDelivery');
  private readonly job = new PeriodicJob(
    () => this.pass(),
    (err) => this.failed(err),
  );
  private readonly sender: WebhookSender;
  private readonly box?: SecretBox;
  private readonly policy: RetryPolicy;
  private readonly leaseMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly deliveries: DeliveriesRepository,
    @Inject(BILLING_CONFIG) config: BillingConfig,
  ) {
    this.sender = new WebhookSender(config.ALLOW_PRIVATE_WEBHOOKS, config.WEBHOOK_TIMEOUT_MS);
    if (config.WEBHOOK_SECRET_KEY) this.box = new SecretBox(config.WEBHOOK_SECRET_KEY, 'webhooks');
    this.policy = { schedule: config.WEBHOOK_RETRY_SCHEDULE, windowMs: config.WEBHOOK_RETRY_WINDOW_MS };
    this.leaseMs = config.WEBHOOK_TIMEOUT_MS * 3 + 5_000;
    this.pollMs = config.WEBHOOK_POLL_MS;
  }

  onApplicationBootstrap(): void {
    this.job.start(this.pollMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
    await this.sender.close();
  }

  /** One pass: claims and sends until nothing is due. Returns how many attempts it made. */
  async pass(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.deliveries.claim(CLAIM_BATCH, this.leaseMs);
      if (!batch.length) return sent;
      await Promise.all(batch.map((d) => this.attempt(d)));
      sent += batch.length;
    }
  }

  private async attempt(d: ClaimedDelivery): Promise<void> {
    const result = await this.send(d);
    const outcome = this.outcome(d, result);
    await this.deliveries.finish(d.id, d.attempts, outcome);
    const log = { deliveryId: d.id, tenantId: d.tenantId, type: d.type, attempt: d.attempts, status: outcome.status, statusCode: result.status };
    if (result.ok) this.logger.log(log, 'webhook delivered');
    else this.logger.warn({ ...log, error: result.error, nextAttemptAt: outcome.nextAttemptAt }, 'webhook attempt failed');
  }

  private async send(d: ClaimedDelivery): Promise<AttemptResult> {
    let secret: string;
    try {
      if (!this.box) return { ok: false, status: null, error: 'WEBHOOK_SECRET_KEY is not set on billing' };
      secret = this.box.open(d.secretSealed);
    } catch {
      return { ok: false, status: null, error: 'the signing secret cannot be opened (was WEBHOOK_SECRET_KEY changed?)' };
    }
    const body = webhookBody(d);
    const headers = webhookHeaders(secret, d.id, Math.floor(Date.now() / 1000), body);
    return this.sender.post({ url: d.url, headers, body });
  }

  private outcome(d: ClaimedDelivery, r: AttemptResult): AttemptOutcome {
    if (r.ok) return { status: 'delivered', nextAttemptAt: null, statusCode: r.status, error: null };
    const next = nextAttemptAt(d.attempts, new Date(d.createdAt), new Date(), this.policy);
    return { status: next ? 'pending' : 'failed', nextAttemptAt: next, statusCode: r.status, error: r.error?.slice(0, 500) ?? null };
  }

  private failed(err: Error): number {
    this.logger.error({ err: err.message }, 'webhook delivery pass failed; the next pass retries');
    return 0;
  }
}
