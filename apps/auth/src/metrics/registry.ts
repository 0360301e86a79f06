/** Auth's Prometheus registry (`createMetricsRegistry('auth')`), served on the admin port at GET /metrics. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
