import { DynamicModule, Module } from '@nestjs/common';
import { ADMIN_TOKEN } from '@tollgate/server';
import { AdminsModule } from './admins/admins.module';
import { AuditModule } from './audit/audit.module';
import { AUTH_CONFIG, AuthConfig } from './config';
import { HealthController } from './health/health.controller';
import { InfraModule } from './infra/infra.module';
import { KeysModule } from './keys/keys.module';
import { MetricsModule } from './metrics/metrics.module';
import { PortalModule } from './portal/portal.module';
import { TenantsModule } from './tenants/tenants.module';

@Module({})
export class AuthAppModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthAppModule,
      global: true,
      imports: [InfraModule, MetricsModule, AdminsModule, TenantsModule, KeysModule, AuditModule, PortalModule],
      controllers: [HealthController],
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        { provide: ADMIN_TOKEN, useValue: config.ADMIN_TOKEN },
      ],
      exports: [AUTH_CONFIG, ADMIN_TOKEN],
    };
  }
}
