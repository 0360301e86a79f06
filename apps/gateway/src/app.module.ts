import { DynamicModule, Module, Provider } from '@nestjs/common';
import { CatalogRepository } from './catalog/catalog.repository';
import { CatalogService } from './catalog/catalog.service';
import { consoleDirOf } from './console/console-files';
import { ConsoleModule } from './console/console.module';
import { GATEWAY_CONFIG, GatewayConfig } from './config';
import { KeyVerifier } from './edge/key-verifier.service';
import { Drain } from './health/drain';
import { HealthController } from './health/health.controller';
import { InfraModule } from './infra/infra.module';
import { ChatService } from './calls/chat.service';
import { EmbeddingsService } from './calls/embeddings.service';
import { MessagesService } from './calls/messages.service';
import { AnthropicAdapter } from './upstream/anthropic.adapter';
import { OpenAiAdapter } from './upstream/openai.adapter';
import { ProviderRegistry } from './upstream/provider-registry';
import { RouterService } from './routing/router.service';
import { TargetHealth } from './routing/target-health';
import { UpstreamClient } from './upstream/upstream-client';
import { V1Controller } from './calls/v1.controller';
import { ModelsController } from './calls/models.controller';
import { ModelsService } from './calls/models.service';
import { CountTokensService } from './calls/count-tokens.service';
import { EdgeGate } from './edge/edge-gate.service';
import { AdmissionService } from './edge/admission.service';
import { PublicRouteGuard } from './http/public-route.guard';
import { BudgetAlerts } from './edge/budget-alerts';
import { BudgetClock } from './edge/budget-clock';
import { BudgetSettler } from './edge/budget-settler';
import { PricesService } from './metering/prices.service';
import { MeteringService } from './metering/metering.service';
import { BillingClient } from './me/billing-client';
import { MeBillingController } from './me/me-billing.controller';
import { MeBillingService } from './me/me-billing.service';
import { MeBillingProfileController } from './me/me-billing-profile.controller';
import { MeWebhooksController } from './me/me-webhooks.controller';
import { MeWebhooksService } from './me/me-webhooks.service';
import { MeBillingProfileService } from './me/me-billing-profile.service';
import { MeKeysController } from './me/me-keys.controller';
import { MeKeysService } from './me/me-keys.service';
import { MeAuthGuard } from './me/me-auth.guard';
import { MeModelsController } from './me/me-models.controller';
import { MeHealthController } from './me/me-health.controller';
import { MeHealthService } from './me/me-health.service';
import { ApiDocsController } from './api-docs/api-docs.controller';
import { MeUsageController } from './me/me-usage.controller';
import { MeUsageService } from './me/me-usage.service';
import { MeInvitesController } from './me/me-invites.controller';
import { PortalClient } from './me/portal-client';
import { MeSessionController } from './me/me-session.controller';
import { MeSessionService } from './me/me-session.service';
import { MePortalClient } from './me/me-portal.client';
import { MeAuditController } from './me/me-audit.controller';
import { MeAuditService } from './me/me-audit.service';
import { MeSettingsController } from './me/me-settings.controller';
import { MeSettingsService } from './me/me-settings.service';
import { MeTeamController } from './me/me-team.controller';
import { MeTeamService } from './me/me-team.service';
import { UsagePublisher } from './metering/usage.publisher';
import { HoldKeeper } from './metering/hold-keeper';
import { ResponsesController } from './responses/responses.controller';
import { ResponsesService } from './responses/responses.service';
import { ResponsesRepository } from './responses/responses.repository';
import { ResponsesRetentionService } from './responses/responses-retention.service';
import { StoredResponsesService } from './responses/stored-responses.service';

/** The public edge: /v1/* for customers' SDKs. */
@Module({})
export class GatewayAppModule {
  /** `overrides` replace providers of the same token (registered last); code only, never from the environment. */
  static forRoot(config: GatewayConfig, overrides: Provider[] = []): DynamicModule {
    return {
      module: GatewayAppModule,
      global: true,
      imports: [InfraModule, ConsoleModule.forRoot({ dir: consoleDirOf(config.CONSOLE_DIR, 'console') })],
      controllers: [V1Controller, ModelsController, MeBillingController, MeBillingProfileController, MeKeysController, MeModelsController, MeHealthController, MeUsageController, MeInvitesController, MeSessionController, MeAuditController, MeSettingsController, MeTeamController, MeWebhooksController, HealthController, ApiDocsController, ResponsesController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        Drain,
        KeyVerifier,
        CatalogRepository,
        CatalogService,
        UpstreamClient,
        ChatService,
        EmbeddingsService,
        MessagesService,
        ResponsesService,
        ResponsesRepository,
        StoredResponsesService,
        ResponsesRetentionService,
        ModelsService,
        CountTokensService,
        OpenAiAdapter,
        AnthropicAdapter,
        ProviderRegistry,
        RouterService,
        TargetHealth,
        UsagePublisher,
        HoldKeeper,
        EdgeGate,
        AdmissionService,
        PublicRouteGuard,
        BudgetClock,
        BudgetSettler,
        BudgetAlerts,
        PricesService,
        MeteringService,
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
        ...overrides,
      ],
      exports: [GATEWAY_CONFIG, CatalogRepository, CatalogService, TargetHealth],
    };
  }
}
