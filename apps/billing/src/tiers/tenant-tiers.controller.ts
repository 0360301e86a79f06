import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { actorOf, AdminGuard, AdminRequest } from '@tollgate/server';
import { AssignTierDto } from './tiers.dto';
import { AssignmentView } from './tiers.repository';
import { TenantTierView, TiersService } from './tiers.service';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from '../errors/tenant-id.pipe';

@ApiTags('price-tiers')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants/:tenantId/tier')
export class TenantTiersController {
  constructor(private readonly tiers: TiersService) {}

  @Get()
  get(@Param('tenantId', TenantIdPipe) tenantId: TenantId): Promise<TenantTierView> {
    return this.tiers.tenantTier(tenantId);
  }

  /** Puts the tenant on a tier (or back on the default list) from effectiveFrom on. */
  @Post()
  assign(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Body() body: AssignTierDto, @Req() req: AdminRequest): Promise<AssignmentView> {
    return this.tiers.assign(tenantId, body, actorOf(req));
  }

  @Delete(':assignmentId')
  @HttpCode(204)
  async withdraw(
    @Param('tenantId', TenantIdPipe) tenantId: TenantId,
    @Param('assignmentId', ParseUUIDPipe) id: string,
    @Req() req: AdminRequest,
  ): Promise<void> {
    await this.tiers.withdraw(tenantId, id, actorOf(req));
  }
}
