import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { EdgeModule } from '../edge/edge.module';
import type { Overrides } from '../infra/overrides';
import { BillingClient } from './billing-client';
import { MeAuditController } from './me-audit.controller';
import { MeAuditService } from './me-audit.service';
import { MeAuthGuard } from './me-auth.guard';
import { MeBillingProfileController } from './me-billing-profile.controller';
import { MeBillingProfileService } from './me-billing-profile.service';
import { MeBillingController } from './me-billing.controller';
import { MeBillingService } from './me-billing.service';
import { MeHealthController } from './me-health.controller';
import { MeHealthService } from './me-health.service';
import { MeInvitesController } from './me-invites.controller';
import { MeKeysController } from './me-keys.controller';
import { MeKeysService } from './me-keys.service';
import { MeModelsController } from './me-models.controller';
import { MePortalClient } from './me-portal.client';
import { MeSessionController } from './me-session.controller';
import { MeSessionService } from './me-session.service';
import { MeSettingsController } from './me-settings.controller';
import { MeSettingsService } from './me-settings.service';
import { MeTeamController } from './me-team.controller';
import { MeTeamService } from './me-team.service';
import { MeUsageController } from './me-usage.controller';
import { MeUsageService } from './me-usage.service';
import { MeWebhooksController } from './me-webhooks.controller';
import { MeWebhooksService } from './me-webhooks.service';
import { PortalClient } from './portal-client';

/** The customer API (/me/*), for a key or a portal session (MeAuthGuard); auth's and billing's data over NATS. */
@Module({})
export class MeModule {
  static register(overrides: Overrides): DynamicModule {
    return overrides.module(MeModule, () => ({
      imports: [EdgeModule.register(overrides), CatalogModule.register(overrides)],
      controllers: [
        MeBillingController,
        MeBillingProfileController,
        MeKeysController,
        MeModelsController,
        MeHealthController,
        MeUsageController,
        MeInvitesController,
        MeSessionController,
        MeAuditController,
        MeSettingsController,
        MeTeamController,
        MeWebhooksController,
      ],
      providers: [
        BillingClient,
        MeBillingService,
        MeBillingProfileService,
        MeWebhooksService,
        MeKeysService,
        PortalClient,
        MeSessionService,
        MeAuthGuard,
        MePortalClient,
        MeAuditService,
        MeSettingsService,
        MeTeamService,
        MeUsageService,
        MeHealthService,
      ],
    }));
  }
}
