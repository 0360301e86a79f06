import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { labelsOf, RequestLabels, seriesKey } from './request-labels';
import type { RequestRecord } from './request-record';

/** OpenTelemetry GenAI's advised buckets: token counts (powers of 4) and durations in seconds (0.01 s doubling). */
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const SECONDS_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** A cap on the resolved-series cache; past it the cache starts over (prom-client keeps the series). */
const MAX_CACHED_SERIES = 20_000;

type Inc = { inc(value?: number): void };
type Observe = { observe(value: number): void };

/** One label set's series, resolved once and kept: a request then costs a lookup and a few increments. */
interface Series {
  requests: Inc;
  duration: Observe;
  /** Only for a call a provider served. */
  genAi: { input: Observe; output: Observe; duration: Observe; ttft: Observe } | null;
}

/** What the scrape-time gauges read from the running gateway. */
export interface GatewayGaugeSources {
  /** Each upstream target's circuit (routing/target-health.ts). */
  circuits(): readonly { target: string; state: string }[];
  /** Usage events not yet acknowledged by JetStream. */
  usageBacklog(): number;
  /** Credit holds of the calls this instance is serving. */
  holdsInFlight(): number;
  /** Public requests not yet answered. */
  requestsInFlight(): number;
  /** Calls whose credit hold could not be settled, and hold keep-alive runs that failed, since start. */
  settleFailures(): number;
  keepAliveFailures(): number;
}

const CIRCUIT_STATES = ['closed', 'half_open', 'open'] as const;

/**
 * The gateway's Prometheus metrics (GATEWAY_ADMIN_PORT /metrics). Per-request series are observed
 * once, at the response's end (request-end.ts); gauges are read when Prometheus scrapes.
 * With `tenantLabel` (METRICS_TENANT_LABEL=1) request, token and refusal series carry `tenant`.
 */
export class GatewayMetrics {
  private readonly requests: Counter<string>;
  private readonly httpDuration: Histogram<string>;
  private readonly tokens: Histogram<string>;
  private readonly opDuration: Histogram<string>;
  private readonly ttft: Histogram<string>;
  private readonly refusals: Counter<string>;
  private readonly series = new Map<string, Series>();

  constructor(
    readonly registry: Registry,
    private readonly tenantLabel: boolean,
  ) {
    const t = tenantLabel ? ['tenant'] : [];
    const registers = [registry];
    const genAi = ['gen_ai_request_model', 'gen_ai_provider_name', 'gen_ai_operation_name', ...t];
    this.requests = new Counter({
      name: 'tollgate_http_requests_total',
      help: 'Public requests answered, by route template, method, status, and the provider and model that served them',
      labelNames: ['route', 'method', 'status', 'provider', 'model', ...t],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'tollgate_http_request_duration_seconds',
      help: 'Public request latency, arrival to the last byte (streams included)',
      labelNames: ['route', 'method', 'status'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.tokens = new Histogram({
      name: 'gen_ai_client_token_usage',
      help: 'Tokens per model call (gen_ai.client.token.usage), input and output',
      labelNames: ['gen_ai_token_type', ...genAi],
      buckets: TOKEN_BUCKETS,
      registers,
    });
    this.opDuration = new Histogram({
      name: 'gen_ai_client_operation_duration_seconds',
      help: 'Model call duration (gen_ai.client.operation.duration), arrival to the last byte',
      labelNames: genAi,
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.ttft = new Histogram({
      name: 'gen_ai_client_time_to_first_chunk_seconds',
      help: 'Streamed model calls: arrival to the first chunk sent to the caller',
      labelNames: genAi,
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.refusals = new Counter({
      name: 'tollgate_refusals_total',
      help: 'Requests the gateway refused, by reason (its error code: invalid_api_key, insufficient_credits, missing_scope, rate_limited, billing_unavailable, ...)',
      labelNames: ['reason', ...t],
      registers,
    });
  }

  /** One finished request: a cached lookup of its series, then a few increments. */
  observe(record: RequestRecord, method: string, status: number, latencyMs: number): void {
    const key = seriesKey(record, method, status, this.tenantLabel);
    let s = this.series.get(key);
    if (!s) s = this.resolve(key, labelsOf(record, method, status, this.tenantLabel));
    const seconds = latencyMs / 1000;
    s.requests.inc();
    s.duration.observe(seconds);
    if (record.refusal !== null) this.refusals.inc(this.tenantLabel ? { reason: record.refusal, tenant: record.tenantId ?? '' } : { reason: record.refusal });
    if (!s.genAi || !record.metered) return;
    s.genAi.input.observe(record.tokensIn);
    s.genAi.output.observe(record.tokensOut);
    s.genAi.duration.observe(seconds);
    if (record.stream && record.ttftMs !== null) s.genAi.ttft.observe(record.ttftMs / 1000);
  }

  /** Gauges computed at scrape time from the running gateway (nothing on the request path). */
  watch(src: GatewayGaugeSources): void {
    const registers = [this.registry];
    new Gauge({
      name: 'tollgate_upstream_circuit_state',
      help: "Each upstream target's circuit breaker: 1 for its current state (closed, half_open, open), 0 for the others",
      labelNames: ['target', 'state'],
      registers,
      collect() {
        this.reset();
        for (const c of src.circuits()) for (const state of CIRCUIT_STATES) this.set({ target: c.target, state }, c.state === state ? 1 : 0);
      },
    });
    gauge(
      'tollgate_usage_publish_backlog',
      'Usage events journaled but not yet acknowledged by JetStream (past USAGE_BUFFER_MAX_EVENTS metered calls are refused)',
      registers,
      src.usageBacklog,
    );
    gauge('tollgate_credit_holds_in_flight', 'Credit holds of the calls this instance is serving', registers, src.holdsInFlight);
    gauge('tollgate_http_requests_in_flight', 'Public requests not yet answered (streams included)', registers, src.requestsInFlight);
    new Counter({
      name: 'tollgate_credit_hold_failures_total',
      help: 'Credit hold upkeep that failed (Redis away): `settle` = calls whose hold was not settled (billing settles it when it books the call), `keep_alive` = keep-alive runs of one tenant',
      labelNames: ['operation'],
      registers,
      collect() {
        this.reset();
        this.inc({ operation: 'settle' }, src.settleFailures());
        this.inc({ operation: 'keep_alive' }, src.keepAliveFailures());
      },
    });
  }

  private resolve(key: string, l: RequestLabels): Series {
    if (this.series.size >= MAX_CACHED_SERIES) this.series.clear();
    const tenant = this.tenantLabel ? { tenant: l.tenant } : {};
    const genAi = { gen_ai_request_model: l.model, gen_ai_provider_name: l.provider, gen_ai_operation_name: l.operation || 'chat', ...tenant };
    const s: Series = {
      requests: this.requests.labels({ route: l.route, method: l.method, status: l.status, provider: l.provider, model: l.model, ...tenant }),
      duration: this.httpDuration.labels({ route: l.route, method: l.method, status: l.status }),
      genAi: l.provider
        ? {
            input: this.tokens.labels({ gen_ai_token_type: 'input', ...genAi }),
            output: this.tokens.labels({ gen_ai_token_type: 'output', ...genAi }),
            duration: this.opDuration.labels(genAi),
            ttft: this.ttft.labels(genAi),
          }
        : null,
    };
    this.series.set(key, s);
    return s;
  }
}

function gauge(name: string, help: string, registers: Registry[], read: () => number): void {
  new Gauge({
    name,
    help,
    registers,
    collect() {
      this.set(read());
    },
  });
}
