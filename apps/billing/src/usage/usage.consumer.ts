import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg, nanos } from 'nats';
import { prefixed, Subjects, UsageRecorded } from '@tollgate/contracts';
import { Bus, ensureUsageStream } from '@tollgate/messaging';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

export const USAGE_DURABLE = 'billing';

/**
 * Durable JetStream pull consumer `billing` on the usage stream. Each message is acked only
 * after its commit; a redelivery of a committed request is a no-op (unique request id). A
 * message that cannot be parsed, or still fails on its last delivery, is parked and terminated
 * so that the messages behind it flow.
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
      filter_subject: prefixed(this.bus.prefix, Subjects.usageRecorded),
    };
    const existing = await jsm.consumers.info(stream, USAGE_DURABLE).catch(() => null);
    if (existing) await jsm.consumers.update(stream, USAGE_DURABLE, { ack_wait: cfg.ack_wait, max_deliver: cfg.max_deliver, max_ack_pending: cfg.max_ack_pending });
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
    let event: UsageRecorded;
    try {
      event = UsageRecorded.parse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(m.data)));
    } catch (err) {
      return this.park(m, null, `invalid payload: ${describe(err)}`);
    }
    try {
      await this.usage.record(event);
      m.ack();
    } catch (err) {
      if (m.info.deliveryCount >= this.config.USAGE_MAX_DELIVER) return this.park(m, event.requestId, describe(err));
      this.logger.warn({ requestId: event.requestId, delivery: m.info.deliveryCount, err: describe(err) }, 'usage not booked; will retry');
      m.nak(Math.min(250 * 2 ** (m.info.deliveryCount - 1), 10_000));
    }
  }

  private async park(m: JsMsg, requestId: string | null, error: string): Promise<void> {
    try {
      await this.repo.park({ streamSeq: m.seq, requestId, payload: m.data, error, deliveries: m.info.deliveryCount });
      m.term();
      this.logger.error({ streamSeq: m.seq, requestId, error }, 'usage message parked');
    } catch (err) {
      // Could not even park it (database down): leave it to redelivery while any remain.
      this.logger.error({ streamSeq: m.seq, requestId, err: describe(err) }, 'could not park usage message');
      m.nak(1000);
    }
  }
}

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'issues' in err) return JSON.stringify((err as { issues: unknown }).issues).slice(0, 1000);
  return err instanceof Error ? err.message : String(err);
}
