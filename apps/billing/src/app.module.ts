import { DynamicModule, Module } from '@nestjs/common';
import { ADMIN_TOKEN } from '@tollgate/server';
import { BILLING_CONFIG, BillingConfig } from './config';
import { HealthController } from './health/health.controller';
import { InfraModule } from './infra/infra.module';

@Module({})
export class BillingAppModule {
  static forRoot(config: BillingConfig): DynamicModule {
    return {
      module: BillingAppModule,
      global: true,
      imports: [InfraModule],
      controllers: [HealthController],
      providers: [{ provide: BILLING_CONFIG, useValue: config }, { provide: ADMIN_TOKEN, useValue: config.ADMIN_TOKEN }],
      exports: [BILLING_CONFIG, ADMIN_TOKEN],
    };
  }
}
