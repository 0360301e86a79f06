import { Module } from '@nestjs/common';
import { TenantLimitsController } from '../tenants/tenant-limits.controller';
import { TenantProviderPolicyController } from '../tenants/tenant-provider-policy.controller';
import { TenantSettingsController } from '../tenants/tenant-settings.controller';
import { BudgetStatusService } from './budget-status.service';
import { PortalModule } from '../portal/portal.module';
import { TenantsModule } from '../tenants/tenants.module';
import { KeyExpiryAlerts } from './key-expiry-alerts';
import { KeysController } from './keys.controller';
import { KeysRepository } from './keys.repository';
import { KeysService } from './keys.service';
import { MeKeysResponder } from './me-keys.responder';
import { MeKeysService } from './me-keys.service';
import { RevocationsService } from './revocations.service';
import { VerifyResponder } from './verify.responder';
import { VerifyService } from './verify.service';

@Module({
  imports: [TenantsModule, PortalModule],
  controllers: [KeysController, TenantLimitsController, TenantProviderPolicyController, TenantSettingsController, VerifyResponder, MeKeysResponder],
  providers: [KeyExpiryAlerts, KeysService, BudgetStatusService, KeysRepository, RevocationsService, VerifyService, MeKeysService],
})
export class KeysModule {}
