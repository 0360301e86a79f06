import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg, nanos } from 'nats';
import { AlertRaised, prefixed, Streams } from '@tollgate/contracts';
import { Bus, ensureAlertsStream } from '@tollgate/messaging';
import { AlertsService } from './alerts.service';

export const ALERTS_DURABLE = 'billing-alerts';

/**
 * Durable JetStream consumer `billing-alerts` on tenants.alerts.> (budget alerts from gateways,
 * key.expiring from auth). Each alert is recorded once per (tenant, dedupe key) and queued for the
 * tenant's endpoints, then acked; a database failure naks it for a later redelivery, so an alert
 * raised while billing or its database is away is delivered when they are back. An invalid
 * message is logged and dropped (acked): no redelivery can fix it.
 */
@Injectable()
export class AlertsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AlertsConsumer');
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;

  constructor(
    private readonly bus: Bus,
    private readonly alerts: AlertsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const stream = await ensureAlertsStream(this.bus);
    await this.ensureDurable(stream);
    const consumer = await this.bus.nc.jetstream().consumers.get(stream, ALERTS_DURABLE);
    this.messages = await consumer.consume({ max_messages: 100 });
    this.loop = this.run(this.messages);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.messages?.close().catch(() => undefined);
    await this.loop;
  }

  private async ensureDurable(stream: string): Promise<void> {
    const jsm = await this.bus.nc.jetstreamManager();
    const cfg = {
      durable_name: ALERTS_DURABLE,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(30_000),
      max_deliver: -1,
      filter_subject: prefixed(this.bus.prefix, Streams.alerts.subjects),
    };
    if (await jsm.consumers.info(stream, ALERTS_DURABLE).catch(() => null)) return;
    await jsm.consumers.add(stream, cfg).catch(async (err) => {
      // Another replica created it first.
      if (!(await jsm.consumers.info(stream, ALERTS_DURABLE).catch(() => null))) throw err;
    });
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) await this.handle(m);
  }

  async handle(m: JsMsg): Promise<void> {
    const parsed = AlertRaised.safeParse(safeJson(m));
    if (!parsed.success) {
      this.logger.error({ streamSeq: m.seq, issue: parsed.error.issues[0]?.message }, 'invalid alert dropped');
      m.ack();
      return;
    }
    const a = parsed.data;
    try {
      const fresh = await this.alerts.raise(a);
      m.ack();
      this.logger.log({ tenantId: a.tenantId, type: a.type, dedupeKey: a.dedupeKey, fresh }, fresh ? 'alert raised' : 'repeated alert ignored');
    } catch (err) {
      this.logger.warn({ tenantId: a.tenantId, type: a.type, err: err instanceof Error ? err.message : String(err) }, 'alert not recorded; will retry');
      m.nak(Math.min(250 * 2 ** Math.min(m.info.deliveryCount - 1, 6), 10_000));
    }
  }
}

function safeJson(m: JsMsg): unknown {
  try {
    return m.json<unknown>();
  } catch {
    return undefined;
  }
}
