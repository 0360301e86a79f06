import { Body, Controller, Param, Patch, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { actorOf, AdminGuard, AdminRequest } from '@tollgate/server';
import { KeysService } from '../keys/keys.service';
import { UpdateTenantDto } from './tenants.dto';
import { TenantView } from './tenants.service';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from './tenant-id.pipe';

@ApiTags('tenants')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants/:tenantId')
export class TenantSettingsController {
  constructor(private readonly keys: KeysService) {}

  /** The tenant's budget (budgetMicros null removes it) and reporting time zone; every gateway picks them up at once. */
  @Patch()
  update(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Body() body: UpdateTenantDto, @Req() req: AdminRequest): Promise<TenantView> {
    const { budgetMicros, budgetPeriod, budgetAlertPercent, reportingTimeZone } = body;
    return this.keys.updateTenant(
      tenantId,
      { budget: { micros: budgetMicros, period: budgetPeriod, alertPercent: budgetAlertPercent }, reportingTimeZone },
      actorOf(req),
    );
  }
}
