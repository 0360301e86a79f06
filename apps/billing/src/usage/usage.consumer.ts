import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg, nanos } from 'nats';
import { prefixed, Streams, Subjects, UsageBatch, UsageRecorded } from '@tollgate/contracts';
import { Bus, ensureUsageStream } from '@tollgate/messaging';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

export const USAGE_DURABLE = 'billing';

/**
 * Durable JetStream pull consumer `billing` on the usage stream: billing.usage.batch.v1 (what
 * gateways send) and billing.usage.recorded.v1 (one event). A message is acked only after every
 * event in it is committed; a redelivery of a committed request is a no-op (unique request id).
 * An event that cannot be parsed, or still fails on the message's last delivery, is parked so
 * that the events beside and behind it flow.
 */
@Injectable()
export class UsageConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('UsageConsumer');
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;

  constructor(
    private readonly bus: Bus,
    private readonly usage: UsageService,
    private readonly repo: UsageRepository,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const stream = await ensureUsageStream(this.bus);
    const jsm = await this.bus.nc.jetstreamManager();
    const cfg = {
      durable_name: USAGE_DURABLE,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.config.USAGE_ACK_WAIT_MS),
      max_deliver: this.config.USAGE_MAX_DELIVER,
      max_ack_pending: 1000,
      filter_subject: prefixed(this.bus.prefix, Streams.usage.subjects),
    };
    let existing = await jsm.consumers.info(stream, USAGE_DURABLE).catch(() => null);
    if (existing && existing.config.filter_subject !== cfg.filter_subject) {
      // A consumer made before usage batches filtered on recorded.v1 only (NATS 2.9 cannot
      // change a filter): recreate it where the old one had acknowledged everything.
      await jsm.consumers.delete(stream, USAGE_DURABLE);
      await jsm.consumers.add(stream, { ...cfg, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: existing.ack_floor.stream_seq + 1 });
      existing = null;
    } else if (existing) await jsm.consumers.update(stream, USAGE_DURABLE, { ack_wait: cfg.ack_wait, max_deliver: cfg.max_deliver, max_ack_pending: cfg.max_ack_pending });
    else await jsm.consumers.add(stream, cfg).catch(async (err) => {
      // Another replica created it first.
      if (!(await jsm.consumers.info(stream, USAGE_DURABLE).catch(() => null))) throw err;
    });
    const consumer = await this.bus.nc.jetstream().consumers.get(stream, USAGE_DURABLE);
    this.messages = await consumer.consume({ max_messages: 100 });
    this.loop = this.run(this.messages);
  }

  /** Stops pulling and lets the message in hand finish (its commit and ack) before connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.messages?.close().catch(() => undefined);
    await this.loop;
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) {
      await this.handle(m).catch((err) => this.logger.error({ err: String(err) }, 'usage message handling failed'));
    }
  }

  async handle(m: JsMsg): Promise<void> {
    const batch = m.subject.endsWith(Subjects.usageBatch);
    let events: unknown[];
    try {
      const payload: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(m.data));
      events = batch ? UsageBatch.parse(payload).events : [payload];
    } catch (err) {
      await this.park(m, [{ requestId: null, payload: m.data, error: `invalid payload: ${describe(err)}` }]);
      return m.term();
    }
    const failed: Parked[] = [];
    const bytes = (raw: unknown) => (batch ? new TextEncoder().encode(JSON.stringify(raw)) : m.data);
    for (const raw of events) {
      const parsed = UsageRecorded.safeParse(raw);
      if (!parsed.success) {
        failed.push({ requestId: null, payload: bytes(raw), error: `invalid payload: ${describe(parsed.error)}` });
        continue;
      }
      try {
        await this.usage.record(parsed.data);
      } catch (err) {
        const requestId = parsed.data.requestId;
        if (m.info.deliveryCount < this.config.USAGE_MAX_DELIVER) {
          // The events booked before this one are no-ops when the message comes again.
          this.logger.warn({ requestId, delivery: m.info.deliveryCount, err: describe(err) }, 'usage not booked; will retry');
          return m.nak(Math.min(250 * 2 ** (m.info.deliveryCount - 1), 10_000));
        }
        failed.push({ requestId, payload: bytes(raw), error: describe(err) });
      }
    }
    await this.park(m, failed);
    if (failed.length === events.length) m.term();
    else m.ack();
  }

  /** Keeps events that cannot be booked in parked_usage for a person to look at; throws (and naks) if it cannot. */
  private async park(m: JsMsg, failed: Parked[]): Promise<void> {
    for (const f of failed) {
      try {
        await this.repo.park({ streamSeq: m.seq, requestId: f.requestId, payload: f.payload, error: f.error, deliveries: m.info.deliveryCount });
        this.logger.error({ streamSeq: m.seq, requestId: f.requestId, error: f.error }, 'usage event parked');
      } catch (err) {
        // Could not even park it (database down): leave it to redelivery while any remain.
        this.logger.error({ streamSeq: m.seq, requestId: f.requestId, err: describe(err) }, 'could not park usage event');
        m.nak(1000);
        throw err;
      }
    }
  }
}

interface Parked {
  requestId: string | null;
  payload: Uint8Array;
  error: string;
}

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'issues' in err) return JSON.stringify((err as { issues: unknown }).issues).slice(0, 1000);
  return err instanceof Error ? err.message : String(err);
}
