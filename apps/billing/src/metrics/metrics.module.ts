import { Global, Module } from '@nestjs/common';
import { createMetricsRegistry } from '@tollgate/server';
import { PdfMetrics } from '../invoices/pdf.metrics';
import { CreditSyncMetrics } from '../ledger/credit-sync.metrics';
import { UsageMetrics } from '../usage/usage.metrics';
import { PaymentsMetrics } from '../webhooks/payments.metrics';
import { METRICS_REGISTRY } from './registry';

/**
 * Billing's registry (served at GET /metrics on the admin port, never on the webhook listener)
 * and each feature's instruments (`<feature>/*.metrics.ts`), injected where the thing happens.
 */
@Global()
@Module({
  providers: [{ provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry('billing') }, UsageMetrics, CreditSyncMetrics, PaymentsMetrics, PdfMetrics],
  exports: [METRICS_REGISTRY, UsageMetrics, CreditSyncMetrics, PaymentsMetrics],
})
export class MetricsModule {}
