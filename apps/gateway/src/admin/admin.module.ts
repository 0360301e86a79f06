import { DynamicModule, Module } from '@nestjs/common';
import { Bus } from '@tollgate/messaging';
import { ADMIN_TOKEN, ADMIN_VERIFIER, BusAdminVerifier } from '@tollgate/server';
import { AdminConsoleModule } from '../admin-console/admin-console.module';
import { CatalogAdminController } from './catalog-admin.controller';
import { CatalogAdminService } from './catalog-admin.service';
import { CatalogAuditController } from './catalog-audit.controller';
import { CatalogAuditService } from './catalog-audit.service';
import { CatalogRepository } from '../catalog/catalog.repository';
import { CatalogService } from '../catalog/catalog.service';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { TargetHealth } from '../routing/target-health';
import { PricesService } from '../metering/prices.service';

/**
 * The gateway's internal admin API (providers and routes), served on its own port. It
 * shares the public app's catalog, so a write is live here before the call returns and
 * reaches other instances through gateway.catalog.changed.v1.
 */
@Module({})
export class GatewayAdminModule {
  static forRoot(
    adminToken: string,
    shared: { config: GatewayConfig; repo: CatalogRepository; catalog: CatalogService; health: TargetHealth; prices: PricesService; bus: Bus },
  ): DynamicModule {
    return {
      module: GatewayAdminModule,
      // The admin console (SPA at /console, its backend at /console-api): on this port only.
      imports: [AdminConsoleModule.forRoot(shared.config)],
      controllers: [CatalogAdminController, CatalogAuditController],
      providers: [
        { provide: ADMIN_TOKEN, useValue: adminToken },
        // Admin sessions are auth's: asked over NATS (auth.admins.verify.v1) on the public app's connection.
        { provide: Bus, useValue: shared.bus },
        { provide: ADMIN_VERIFIER, useClass: BusAdminVerifier },
        { provide: GATEWAY_CONFIG, useValue: shared.config },
        { provide: CatalogRepository, useValue: shared.repo },
        { provide: CatalogService, useValue: shared.catalog },
        { provide: TargetHealth, useValue: shared.health },
        { provide: PricesService, useValue: shared.prices },
        CatalogAdminService,
        CatalogAuditService,
      ],
    };
  }
}
