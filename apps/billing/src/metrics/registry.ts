/** Billing's Prometheus registry (`createMetricsRegistry('billing')`), served on the admin port at GET /metrics. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/**
 * Per-tenant series only when the operator turns them on (METRICS_TENANT_LABEL=1): every tenant
 * is one more series in Prometheus, which a large deployment may not want.
 */
export class TenantLabel {
  constructor(readonly on: boolean) {}

  names<L extends string>(...names: L[]): (L | 'tenant')[] {
    return this.on ? [...names, 'tenant'] : names;
  }

  of(tenantId: string, labels: Record<string, string> = {}): Record<string, string> {
    return this.on ? { ...labels, tenant: tenantId } : labels;
  }
}
