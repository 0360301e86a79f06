import { DynamicModule, Module } from '@nestjs/common';
import { ADMIN_TOKEN, ADMIN_VERIFIER, BusAdminVerifier } from '@tollgate/server';
import { BILLING_CONFIG, BillingConfig } from './config';
import { AlertsModule } from './alerts/alerts.module';
import { HealthController } from './health/health.controller';
import { InfraModule } from './infra/infra.module';
import { InvoicesModule } from './invoices/invoices.module';
import { LedgerModule } from './ledger/ledger.module';
import { MetricsModule } from './metrics/metrics.module';
import { PricesModule } from './prices/prices.module';
import { PromotionsModule } from './promotions/promotions.module';
import { RefundsModule } from './refunds/refunds.module';
import { RespondersModule } from './responders/responders.module';
import { StatementsModule } from './statements/statements.module';
import { TiersModule } from './tiers/tiers.module';
import { ReportsModule } from './reports/reports.module';
import { UsageModule } from './usage/usage.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class BillingAppModule {
  static forRoot(config: BillingConfig): DynamicModule {
    return {
      module: BillingAppModule,
      global: true,
      imports: [
        InfraModule,
        MetricsModule,
        PricesModule,
        LedgerModule,
        UsageModule,
        StatementsModule,
        InvoicesModule,
        WebhooksModule,
        RespondersModule,
        AlertsModule,
        RefundsModule,
        PromotionsModule,
        TiersModule,
        ReportsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: BILLING_CONFIG, useValue: config },
        { provide: ADMIN_TOKEN, useValue: config.ADMIN_TOKEN },
        // Admin sessions are auth's: asked over NATS (auth.admins.verify.v1), cached a few seconds.
        { provide: ADMIN_VERIFIER, useClass: BusAdminVerifier },
      ],
      exports: [BILLING_CONFIG, ADMIN_TOKEN, ADMIN_VERIFIER],
    };
  }
}
