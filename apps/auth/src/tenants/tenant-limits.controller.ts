import { Body, Controller, Param, Put, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { actorOf, AdminGuard, AdminRequest } from '@tollgate/server';
import { KeysService } from '../keys/keys.service';
import { TenantLimitsDto } from './tenants.dto';
import { TenantView } from './tenants.service';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from './tenant-id.pipe';

@ApiTags('tenants')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants/:tenantId/rate-limits')
export class TenantLimitsController {
  constructor(private readonly keys: KeysService) {}

  /** Sets the tenant-wide per-minute limits; every gateway picks them up at once. */
  @Put()
  set(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Body() body: TenantLimitsDto, @Req() req: AdminRequest): Promise<TenantView> {
    return this.keys.setTenantLimits(tenantId, body, actorOf(req));
  }
}
