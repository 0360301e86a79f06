import { Registry } from 'prom-client';
import type { BillingConfig } from '../config';
import { bookingLagSeconds, UsageMetrics } from './usage.metrics';

const call = (occurredAt: string, latencyMs: number) => ({ occurred_at: occurredAt, latency_ms: latencyMs });

describe('bookingLagSeconds', () => {
  it("counts from the call's end (start + latency), not its start", () => {
    expect(bookingLagSeconds(call('2026-11-26T10:00:00.000Z', 4000), Date.parse('2026-11-26T10:00:05.500Z'))).toBe(1.5);
  });

  it('is never negative when a gateway clock runs ahead of billing', () => {
    expect(bookingLagSeconds(call('2026-11-26T10:00:10.000Z', 0), Date.parse('2026-11-26T10:00:05.000Z'))).toBe(0);
  });
});

describe('UsageMetrics', () => {
  const metricsWith = (tenantLabel: boolean) => {
    const registry = new Registry();
    return { registry, metrics: new UsageMetrics(registry, { METRICS_TENANT_LABEL: tenantLabel } as BillingConfig) };
  };
  const now = Date.parse('2026-11-26T10:00:03.000Z');
  const calls = [call('2026-11-26T10:00:00.000Z', 1000), call('2026-11-26T10:00:01.000Z', 1000)];

  it('counts booked events and observes each one lag, with no tenant label by default', async () => {
    const { registry, metrics } = metricsWith(false);
    metrics.booked('6f0c8a9e-1d7b-4a53-9b1e-2f4d6c8e0a11', calls, now);
    const text = await registry.metrics();
    expect(text).toContain('tollgate_usage_events_booked_total 2');
    expect(text).toContain('tollgate_booking_lag_seconds_count 2');
    expect(text).toContain('tollgate_booking_lag_seconds_sum 3'); // 2 s + 1 s
    expect(text).not.toContain('tenant=');
  });

  it('labels booked events by tenant when METRICS_TENANT_LABEL is on', async () => {
    const { registry, metrics } = metricsWith(true);
    metrics.booked('6f0c8a9e-1d7b-4a53-9b1e-2f4d6c8e0a11', calls, now);
    expect(await registry.metrics()).toContain('tollgate_usage_events_booked_total{tenant="6f0c8a9e-1d7b-4a53-9b1e-2f4d6c8e0a11"} 2');
  });

  it('reports the consumer backlog by state and the parked count at scrape time', async () => {
    const { registry, metrics } = metricsWith(false);
    metrics.watch({ backlog: async () => ({ pending: 7, ackPending: 3 }), parked: async () => 2 });
    const text = await registry.metrics();
    expect(text).toContain('tollgate_usage_consumer_pending{state="pending"} 7');
    expect(text).toContain('tollgate_usage_consumer_pending{state="ack_pending"} 3');
    expect(text).toContain('tollgate_usage_parked 2');
  });

  it('leaves the backlog out of a scrape when NATS cannot tell it', async () => {
    const { registry, metrics } = metricsWith(false);
    metrics.watch({ backlog: () => Promise.reject(new Error('nats away')), parked: async () => 0 });
    const text = await registry.metrics();
    expect(text).not.toContain('tollgate_usage_consumer_pending{');
    expect(text).toContain('tollgate_usage_parked 0');
  });
});
