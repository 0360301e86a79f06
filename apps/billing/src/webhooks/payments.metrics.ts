import { Inject, Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { METRICS_REGISTRY, TenantLabel } from '../metrics/registry';

/** Payments credited to a tenant's balance: by a verified webhook, or by an admin after review. */
@Injectable()
export class PaymentsMetrics {
  private readonly tenant: TenantLabel;
  private readonly credited: Counter<string>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry, @Inject(BILLING_CONFIG) config: BillingConfig) {
    this.tenant = new TenantLabel(config.METRICS_TENANT_LABEL);
    this.credited = new Counter({
      name: 'tollgate_payments_credited_total',
      help: 'Payments credited to a balance, by payment provider and how (webhook: at once; review: approved or assigned by an admin).',
      labelNames: this.tenant.names('provider', 'via'),
      registers: [registry],
    });
  }

  paymentCredited(tenantId: string, provider: string, via: 'webhook' | 'review'): void {
    this.credited.inc(this.tenant.of(tenantId, { provider, via }));
  }
}
