import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { createMetricsRegistry } from '@tollgate/server';
import { KeysMetrics } from '../keys/keys.metrics';
import { PortalMetrics } from '../portal/portal.metrics';
import { AdminWritesInterceptor } from './admin-writes';
import { METRICS_REGISTRY } from './registry';

/**
 * Auth's registry (served at GET /metrics on the admin port) and each feature's instruments
 * (`<feature>/*.metrics.ts`), injected where the thing happens; admin writes are counted in the
 * HTTP pipeline.
 */
@Global()
@Module({
  providers: [
    { provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry('auth') },
    KeysMetrics,
    PortalMetrics,
    { provide: APP_INTERCEPTOR, useClass: AdminWritesInterceptor },
  ],
  exports: [METRICS_REGISTRY, KeysMetrics, PortalMetrics],
})
export class MetricsModule {}
