import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, Consumer, ConsumerMessages, DeliverPolicy, JsMsg, nanos } from 'nats';
import { asTenantId, prefixed, Streams, UsageRecorded } from '@tollgate/contracts';
import { Bus, ensureUsageStream } from '@tollgate/messaging';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { describeError, RoundPlan, planRound } from './usage-round';
import { traceRound } from './usage-round-span';
import { ConsumerBacklog, UsageMetrics } from './usage.metrics';
import { ConsumerWatch } from './consumer-watch';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

export const USAGE_DURABLE = 'billing';
/** Most events booked in one round (several messages, every tenant in them). */
const ROUND_MAX_EVENTS = 5000;
const MAX_ACK_PENDING = 2000;
/**
 * Under light traffic a round starts at most this often (unless a full round is waiting): each
 * round costs a statement and a Redis call whatever its size, so gathering a few milliseconds of
 * messages saves most of billing's CPU at a booking delay nobody sees (credit counts unbooked costs).
 * 50 against 25 ms: Postgres's and billing's CPU per booked call 10-15 % lower under the bench's load
 * (bench/cpu-split.js, interleaved); a round's statement costs about the same for 40 calls as for 80.
 */
const ROUND_GATHER_MS = 50;

/**
 * Durable JetStream pull consumer `billing` on the usage stream (billing.usage.batch.v1 from
 * gateways, billing.usage.recorded.v1 single events). Messages are booked in rounds: whatever
 * arrived while the previous round was at the database goes in the next one, each tenant's
 * events in one statement, tenants in parallel. A message is acked once every event in it is
 * committed or parked; a redelivery of a committed request is a no-op (unique request id).
 * Only an event that is not a valid usage event, or that the database refuses for its data, is
 * parked. Infrastructure failures (database, Redis) are retried without a delivery limit, with
 * backoff: billing never drops an event because its database was briefly away.
 */
@Injectable()
export class UsageConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('UsageConsumer');
  private consumer?: Consumer;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private inbox: JsMsg[] = [];
  /** When each waiting message was received or last reported in progress (ms). */
  private readonly touched = new WeakMap<JsMsg, number>();
  /** The round being booked. */
  private current: JsMsg[] = [];
  private keepAlive?: NodeJS.Timeout;
  private pumping?: Promise<void>;
  private failures = 0;
  private stopping = false;
  private lastRoundAt = 0;
  private readonly watch = new ConsumerWatch(() => this.start(), this.logger);

  constructor(
    private readonly bus: Bus,
    private readonly usage: UsageService,
    private readonly repo: UsageRepository,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    private readonly metrics: UsageMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
    // Checked every eighth of the ack wait, renewed past a quarter: at worst 3/8 of it since the last renewal, the rest a margin for a busy event loop.
    this.keepAlive = setInterval(() => this.keepWaitingAlive(), this.config.USAGE_ACK_WAIT_MS / 8);
    this.keepAlive.unref();
    this.metrics.watch({ backlog: () => this.backlog(), parked: () => this.repo.parkedCount() });
  }

  /** Makes sure of the stream and the durable consumer, then pulls from it (again, after they were gone: see ConsumerWatch). */
  private async start(): Promise<void> {
    const stream = await ensureUsageStream(this.bus);
    await this.ensureDurable(stream);
    const previous = this.messages;
    const consumer = await this.bus.nc.jetstream().consumers.get(stream, USAGE_DURABLE);
    const messages = await consumer.consume({ max_messages: 500 });
    // Shutting down meanwhile (a recreation racing the stop): this pull must not outlive the service.
    if (this.stopping) return void messages.close().catch(() => undefined);
    this.consumer = consumer;
    this.messages = messages;
    const running = this.loop;
    const loop = this.run(this.messages);
    this.loop = running ? Promise.all([running, loop]).then(() => undefined) : loop;
    void this.watch.watch(this.messages);
    // The old pull ends (not awaited: it may wait out a pull in flight); what it delivered and was
    // not acknowledged comes again from the new consumer.
    void previous?.close().catch(() => undefined);
  }

  /** Readiness: rejects while the usage stream or billing's consumer is gone (being made again). */
  async consuming(): Promise<void> {
    if (this.watch.missing) throw new Error('the usage stream or consumer is missing');
  }

  /** What the stream holds for billing that is not booked yet (the consumer's info, one NATS request). */
  private async backlog(): Promise<ConsumerBacklog> {
    const info = await this.consumer!.info();
    return { pending: info.num_pending, ackPending: info.num_ack_pending };
  }

  /** Stops pulling and lets the round in hand finish (its commits and acks) before connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.messages?.close().catch(() => undefined);
    await this.loop;
    await this.pumping;
    clearInterval(this.keepAlive);
  }

  private async ensureDurable(stream: string): Promise<void> {
    const jsm = await this.bus.nc.jetstreamManager();
    const cfg = {
      durable_name: USAGE_DURABLE,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.config.USAGE_ACK_WAIT_MS),
      max_deliver: -1,
      max_ack_pending: MAX_ACK_PENDING,
      filter_subject: prefixed(this.bus.prefix, Streams.usage.subjects),
    };
    const existing = await jsm.consumers.info(stream, USAGE_DURABLE).catch(() => null);
    if (existing && existing.config.filter_subject !== cfg.filter_subject) {
      // A consumer made before usage batches filtered on recorded.v1 only (NATS 2.9 cannot
      // change a filter): recreate it where the old one had acknowledged everything.
      await jsm.consumers.delete(stream, USAGE_DURABLE);
      await jsm.consumers.add(stream, { ...cfg, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: existing.ack_floor.stream_seq + 1 });
    } else if (existing) {
      await jsm.consumers.update(stream, USAGE_DURABLE, { ack_wait: cfg.ack_wait, max_deliver: cfg.max_deliver, max_ack_pending: cfg.max_ack_pending });
    } else {
      await jsm.consumers.add(stream, cfg).catch(async (err) => {
        // Another replica created it first.
        if (!(await jsm.consumers.info(stream, USAGE_DURABLE).catch(() => null))) throw err;
      });
    }
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) {
      this.inbox.push(m);
      this.touched.set(m, Date.now());
      this.pumping ??= this.pump().finally(() => (this.pumping = undefined));
    }
  }

  /** Rounds until the inbox is empty. Never throws. */
  private async pump(): Promise<void> {
    while (this.inbox.length && !(this.stopping && this.failures > 0)) {
      await this.gather();
      const round = this.take();
      this.current = round;
      const ok = await traceRound(round, () => this.handleRound(round)).catch((err: unknown) => {
        this.logger.error({ err: describeError(err) }, 'usage round failed');
        this.metrics.failed('round');
        for (const m of round) m.nak(this.backoff(m));
        return false;
      });
      this.current = [];
      this.failures = ok ? 0 : this.failures + 1;
      if (!ok) await this.pause();
    }
  }

  /** Waits out the rest of ROUND_GATHER_MS since the last round, unless a full round is already waiting. */
  private async gather(): Promise<void> {
    const wait = this.lastRoundAt + ROUND_GATHER_MS - Date.now();
    if (wait > 0 && !this.stopping && this.inboxEvents(ROUND_MAX_EVENTS) < ROUND_MAX_EVENTS) await new Promise((r) => setTimeout(r, wait));
    this.lastRoundAt = Date.now();
  }

  /**
   * Tells JetStream that messages received and not yet settled (waiting in the inbox, or in the
   * round at the database) are in progress, before their ack wait runs out. Without it a backlog
   * longer than the ack wait is redelivered while its first copy still waits here, and booking
   * every message twice makes the backlog grow further.
   */
  private keepWaitingAlive(): void {
    const now = Date.now();
    const due = now - this.config.USAGE_ACK_WAIT_MS / 4;
    for (const list of [this.current, this.inbox]) {
      for (const m of list) {
        if ((this.touched.get(m) ?? now) > due) continue;
        m.working();
        this.touched.set(m, now);
      }
    }
  }

  private take(): JsMsg[] {
    let events = 0;
    let n = 0;
    while (n < this.inbox.length && (n === 0 || events < ROUND_MAX_EVENTS)) events += eventsIn(this.inbox[n++]);
    return this.inbox.splice(0, n);
  }

  /** About how many events the inbox holds (by size, ~500 bytes each), counting up to `cap`. */
  private inboxEvents(cap: number): number {
    let events = 0;
    for (let i = 0; i < this.inbox.length && events < cap; i++) events += eventsIn(this.inbox[i]);
    return events;
  }

  /** Books one round; true when every message in it was settled (acked or parked). */
  async handleRound(round: JsMsg[]): Promise<boolean> {
    const plan = planRound(round);
    if (plan.events.length) this.metrics.round(plan.events.length);
    const outcome = plan.events.length ? await this.usage.bookBatch(plan.events) : { tenants: [], refused: [] };
    const retry = new Set<JsMsg>();
    for (const t of outcome.tenants) {
      if (t.ok) continue;
      this.logger.warn({ tenantId: t.tenantId, events: t.requestIds.length, err: describeError(t.error) }, 'usage not booked; will retry');
      for (const id of t.requestIds) for (const m of plan.messagesOf.get(id) ?? []) retry.add(m);
    }
    for (const r of outcome.refused)
      plan.parked.push({
        msg: plan.messagesOf.get(r.event.requestId)![0],
        requestId: r.event.requestId,
        tenantId: r.event.tenantId,
        payload: encode(r.event),
        error: r.error,
      });
    await this.park(plan, retry);
    for (const m of round) {
      if (retry.has(m)) m.nak(this.backoff(m));
      else m.ack();
    }
    return retry.size === 0;
  }

  /** Keeps what cannot be booked in parked_usage for a person; a message whose parking fails is retried. */
  private async park(plan: RoundPlan, retry: Set<JsMsg>): Promise<void> {
    for (const p of plan.parked) {
      if (retry.has(p.msg)) continue;
      try {
        await this.repo.park({ streamSeq: p.msg.seq, requestId: p.requestId, payload: p.payload, error: p.error, deliveries: p.msg.info.deliveryCount });
        if (p.requestId && p.tenantId) await this.usage.forget(asTenantId(p.tenantId), [p.requestId]);
        // Refused events were counted where the database refused them (UsageService).
        if (!p.tenantId) this.metrics.failed('invalid_payload');
        this.logger.error({ streamSeq: p.msg.seq, requestId: p.requestId, error: p.error.slice(0, 500) }, 'usage event parked');
      } catch (err) {
        this.metrics.failed('park_failed');
        this.logger.error({ streamSeq: p.msg.seq, requestId: p.requestId, err: describeError(err) }, 'could not park usage event; will retry');
        retry.add(p.msg);
      }
    }
  }

  private backoff(m: JsMsg): number {
    return Math.min(250 * 2 ** Math.min(m.info.deliveryCount - 1, 6), 10_000);
  }

  private pause(): Promise<void> {
    return new Promise((r) => setTimeout(r, Math.min(100 * 2 ** Math.min(this.failures, 6), 5_000)));
  }
}

function eventsIn(m: JsMsg): number {
  return Math.max(1, Math.ceil(m.data.length / 500));
}

function encode(e: UsageRecorded): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(e));
}
