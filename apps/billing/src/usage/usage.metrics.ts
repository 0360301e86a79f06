import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { METRICS_REGISTRY, TenantLabel } from '../metrics/registry';
import { ScrapeReading } from '../metrics/scrape-reading';

/** Why an event (or a round) was not booked: parked for a person, or retried. */
export type BookingFailure = 'invalid_payload' | 'refused' | 'database' | 'round' | 'park_failed';

export interface ConsumerBacklog {
  /** Messages in the stream not yet delivered to billing's consumer (num_pending). */
  pending: number;
  /** Delivered, not yet acknowledged (num_ack_pending). */
  ackPending: number;
}

/** When the call ended (start + latency), as the usage event says. */
export interface EndedCall {
  occurred_at: string;
  latency_ms: number;
}

/** Seconds from the call's end to `committedAtMs` (never negative: gateway clocks may run ahead). */
export function bookingLagSeconds(call: EndedCall, committedAtMs: number): number {
  return Math.max(0, committedAtMs - (Date.parse(call.occurred_at) + call.latency_ms)) / 1000;
}

const SCRAPE = { ttlMs: 1000, timeoutMs: 500 };

/** The usage consumer's instruments: bookings, their lag and failures, the JetStream backlog, parked events. */
@Injectable()
export class UsageMetrics {
  private readonly tenant: TenantLabel;
  private readonly bookedEvents: Counter<string>;
  private readonly batchSize: Histogram;
  private readonly lag: Histogram;
  private readonly failures: Counter<'reason'>;
  private backlog?: ScrapeReading<ConsumerBacklog>;
  private parked?: ScrapeReading<number>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry, @Inject(BILLING_CONFIG) config: BillingConfig) {
    this.tenant = new TenantLabel(config.METRICS_TENANT_LABEL);
    const registers = [registry];
    this.bookedEvents = new Counter({
      name: 'tollgate_usage_events_booked_total',
      help: 'Usage events booked into the ledger (each request id once; redeliveries not counted).',
      labelNames: this.tenant.names(),
      registers,
    });
    this.batchSize = new Histogram({
      name: 'tollgate_booking_batch_size',
      help: 'Usage events in one booking round.',
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
      registers,
    });
    this.lag = new Histogram({
      name: 'tollgate_booking_lag_seconds',
      help: "Seconds from a call's end (usage event occurredAt + latencyMs) to its ledger commit.",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers,
    });
    this.failures = new Counter({
      name: 'tollgate_booking_failures_total',
      help: 'Booking failures by reason: parked (invalid_payload, refused) or retried (database, round, park_failed).',
      labelNames: ['reason'],
      registers,
    });
    const self = this;
    new Gauge({
      name: 'tollgate_usage_consumer_pending',
      help: "Billing's JetStream usage consumer: messages not yet delivered (state=pending) and delivered but not acknowledged (state=ack_pending). Absent when NATS does not answer within 500 ms.",
      labelNames: ['state'],
      registers,
      async collect() {
        const b = await self.backlog?.get();
        this.reset();
        if (!b) return;
        this.set({ state: 'pending' }, b.pending);
        this.set({ state: 'ack_pending' }, b.ackPending);
      },
    });
    new Gauge({
      name: 'tollgate_usage_parked',
      help: 'Usage events parked for a person (parked_usage rows): not valid usage events, or refused by the database for their data.',
      registers,
      async collect() {
        const n = await self.parked?.get();
        if (n !== null && n !== undefined) this.set(n);
      },
    });
  }

  /** Where the scrape-time gauges read from (the consumer, once it is running). */
  watch(sources: { backlog: () => Promise<ConsumerBacklog>; parked: () => Promise<number> }): void {
    this.backlog = new ScrapeReading(sources.backlog, SCRAPE);
    this.parked = new ScrapeReading(sources.parked, SCRAPE);
  }

  round(events: number): void {
    this.batchSize.observe(events);
  }

  /** Calls newly committed to the tenant's ledger just now. */
  booked(tenantId: string, calls: readonly EndedCall[], committedAtMs = Date.now()): void {
    if (!calls.length) return;
    this.bookedEvents.inc(this.tenant.of(tenantId), calls.length);
    for (const c of calls) this.lag.observe(bookingLagSeconds(c, committedAtMs));
  }

  failed(reason: BookingFailure, n = 1): void {
    this.failures.inc({ reason }, n);
  }
}
