import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Span, SpanContext } from '@opentelemetry/api';
import Redis from 'ioredis';
import type { UsageRecorded } from '@tollgate/contracts';
import { CreditStore } from '@tollgate/credit';
import { Bus, ensureUsageStream } from '@tollgate/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { REDIS } from '../infra/tokens';
import { usageMessages } from './usage-messages';
import { callSpanContext, publishContext, startPublishSpan } from './usage-trace';
import { Segment, UsageJournal } from './usage-journal';

/** Finished calls are gathered this long, so that a burst goes to Redis and NATS in one write each. */
const BATCH_MS = 10;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

/** What is left to do once a call has been answered. */
export interface FinishedCall {
  event: UsageRecorded;
  /** The call placed a credit hold or cost something: settle the hold to `event.costMicros`. */
  settle: boolean;
}

interface Journaled extends FinishedCall {
  /** The event as JSON, once: the journal line and its part of the JetStream message. */
  json: string;
  segment: Segment | null;
  /** The call's span (tracing on), linked from its message's publish span. */
  span?: SpanContext;
}

interface Outgoing {
  id: string;
  data: Uint8Array;
  events: number;
  /** How many of its events each journal segment holds. */
  segments: Map<Segment, number>;
  /** Its PRODUCER span (tracing on), ended once JetStream has the message. */
  span: Span | null;
}

/**
 * After the response (the caller never waits): settles the credit holds to the real costs, then
 * publishes the usage to JetStream. Calls finishing within a few milliseconds go out together: one
 * settle script per tenant, and billing.usage.batch.v1 messages cut by bytes below the server's
 * limit (ids stable across retries, so a retried publish is stored once).
 *
 * Nothing served is dropped: each call's event is in the journal (UsageJournal) before `record`
 * returns, and leaves it only once JetStream has acknowledged it; failed publishes are retried
 * with backoff for as long as it takes. Past USAGE_BUFFER_MAX_EVENTS unacknowledged events the
 * gateway refuses new metered calls (`accepting()` is false: 503 billing_unavailable) instead of
 * serving them unbilled.
 */
@Injectable()
export class UsagePublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('UsagePublisher');
  private readonly credit: CreditStore;
  private readonly journal: UsageJournal;
  private readonly pending = new Set<Promise<void>>();
  private queue: Journaled[] = [];
  private timer: NodeJS.Timeout | null = null;
  private outbox: Outgoing[] = [];
  private unacked = 0;
  private sending?: Promise<void>;
  private retryMs = 0;
  private stopped = false;
  /** The pending group write of the journal (journalWritten). */
  private writing: Promise<void> | null = null;
  /** Calls whose credit hold could not be settled (Redis away); billing settles them when it books them. */
  private settleFailures = 0;

  constructor(
    private readonly bus: Bus,
    @Inject(REDIS) redis: Redis,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.credit = new CreditStore(redis);
    this.journal = new UsageJournal(config.USAGE_SPOOL_DIR);
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureUsageStream(this.bus);
    const left = this.journal.recover();
    if (!left.files.length) return;
    this.logger.warn({ events: left.events.length, files: left.files.length }, 'publishing usage a previous run left unacknowledged');
    for (const event of left.events) void this.record({ event, settle: true });
    try {
      this.journal.writeBuffered(); // in this run's journal before the dead run's files go
      this.journal.forget(left.files);
    } catch (err) {
      // Kept for the next start (published again then: JetStream's dedupe and billing's request id keep it to once).
      this.logger.error({ err: (err as Error).message }, "usage journal write failed; the previous run's files are kept");
    }
  }

  /** The bootstrap flushes before the app closes; here whatever is still unacknowledged stays in the journal. */
  async onApplicationShutdown(): Promise<void> {
    await this.flush(1000);
    this.stopped = true;
    this.journal.close();
  }

  /** False while too much usage waits for JetStream: new metered calls are refused. */
  accepting(): boolean {
    return this.unacked < this.config.USAGE_BUFFER_MAX_EVENTS;
  }

  /** Usage events recorded but not yet acknowledged by JetStream (a metrics gauge). */
  backlog(): number {
    return this.unacked;
  }

  /** Calls whose hold settle failed since start (a metrics counter). */
  failedSettles(): number {
    return this.settleFailures;
  }

  /**
   * Journals the call's usage, then settles and publishes it shortly. The returned promise
   * resolves once the journal line is written (in the kernel): calls finishing in the same turn of
   * the event loop share one write. It never rejects (a journal failure is logged; the event is
   * then in memory only).
   */
  record(call: FinishedCall): Promise<void> {
    const json = JSON.stringify(call.event);
    let segment: Segment | null = null;
    try {
      segment = this.journal.append(json);
    } catch (err) {
      this.logger.error({ requestId: call.event.requestId, err: (err as Error).message }, 'usage journal write failed; the event is in memory only');
    }
    this.unacked++;
    this.queue.push({ ...call, json, segment, span: callSpanContext() });
    if (this.queue.length >= 500) this.drain();
    else this.timer ??= setTimeout(() => this.drain(), BATCH_MS);
    return segment ? this.journalWritten() : Promise.resolve();
  }

  /** One write of every line journaled in this turn of the event loop, at its end. */
  private journalWritten(): Promise<void> {
    this.writing ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        this.writing = null;
        try {
          this.journal.writeBuffered();
        } catch (err) {
          this.logger.error({ err: (err as Error).message }, 'usage journal write failed; the events are in memory only');
        }
        resolve();
      }),
    );
    return this.writing;
  }

  /**
   * Sends what is queued and waits until JetStream has it (graceful shutdown, tests), for at most
   * `timeoutMs`; what is still unacknowledged then stays in the journal for the next start.
   */
  async flush(timeoutMs = 10_000): Promise<void> {
    this.drain();
    await Promise.all([...this.pending]);
    const deadline = Date.now() + timeoutMs;
    while (this.sending && Date.now() < deadline) await Promise.race([this.sending, new Promise((r) => setTimeout(r, 50))]);
  }

  private drain(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    if (!batch.length) return;
    const p = this.settle(batch)
      .then(() => this.stage(batch))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private async settle(batch: Journaled[]): Promise<void> {
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
          this.settleFailures += calls.length;
          // The holds stay until billing books the calls (or, past their TTL, charges them itself).
          this.logger.warn({ requestIds: calls.map((c) => c.requestId).slice(0, 20), err: err.message }, 'credit settle failed');
        }),
      ),
    );
  }

  /** Cut into messages (each remembers which journal segments its events are in), then out to JetStream. */
  private stage(batch: Journaled[]): void {
    const max = Math.min(this.bus.maxPayload() - 4096, 512 * 1024);
    let at = 0;
    for (const m of usageMessages(
      batch.map((c) => c.event),
      max,
      batch.map((c) => c.json),
    )) {
      const segments = new Map<Segment, number>();
      const calls = batch.slice(at, at + m.events);
      for (const c of calls) if (c.segment) segments.set(c.segment, (segments.get(c.segment) ?? 0) + 1);
      at += m.events;
      this.outbox.push({ ...m, segments, span: startPublishSpan(calls.map((c) => c.span)) });
    }
    this.sending ??= this.send().finally(() => (this.sending = undefined));
  }

  /** Publishes the outbox until it is empty; failed messages stay in it and are retried with backoff. */
  private async send(): Promise<void> {
    while (this.outbox.length && !this.stopped) {
      const round = this.outbox;
      this.outbox = [];
      const failed: Outgoing[] = [];
      await Promise.all(
        round.map((m) =>
          this.bus.publishDurableBytes('usageBatch', m.data, m.id, publishContext(m.span)).then(
            () => this.acked(m),
            () => void failed.push(m),
          ),
        ),
      );
      if (!failed.length) {
        this.retryMs = 0;
        continue;
      }
      this.outbox = [...failed, ...this.outbox];
      this.retryMs = Math.min(Math.max(this.retryMs * 2, RETRY_MIN_MS), RETRY_MAX_MS);
      this.logger.warn({ messages: failed.length, unacked: this.unacked, retryInMs: this.retryMs }, 'usage not acknowledged by JetStream; retrying');
      await new Promise((r) => setTimeout(r, this.retryMs).unref());
    }
  }

  private acked(m: Outgoing): void {
    m.span?.end();
    this.unacked -= m.events;
    for (const [segment, n] of m.segments) this.journal.ack(segment, n);
  }
}
