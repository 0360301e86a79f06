import { Body, Controller, Param, Put, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { actorOf, AdminGuard, AdminRequest } from '@tollgate/server';
import { ProviderPolicyDto } from '../keys/keys.dto';
import { KeysService } from '../keys/keys.service';
import { TenantView } from './tenants.service';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from './tenant-id.pipe';

@ApiTags('tenants')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants/:tenantId/provider-policy')
export class TenantProviderPolicyController {
  constructor(private readonly keys: KeysService) {}

  /** Sets the providers every key of the tenant is confined to ([] = any); every gateway drops the tenant's cached principals. */
  @Put()
  set(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Body() body: ProviderPolicyDto, @Req() req: AdminRequest): Promise<TenantView> {
    return this.keys.setTenantProviders(tenantId, body.providers, actorOf(req));
  }
}
