import { Body, Controller, Get, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { actorOf, AdminGuard, AdminRequest } from '@tollgate/server';
import { CreatePortalUserDto } from './portal-users.dto';
import { CreatedPortalUserView, PortalUsersService, PortalUserView } from './portal-users.service';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from '../tenants/tenant-id.pipe';

/** Admins create a tenant's first portal users (with a password, or with a one-time invite). */
@ApiTags('portal users')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants/:tenantId/users')
export class PortalUsersController {
  constructor(private readonly users: PortalUsersService) {}

  @Post()
  create(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Body() body: CreatePortalUserDto, @Req() req: AdminRequest): Promise<CreatedPortalUserView> {
    return this.users.create(tenantId, body, actorOf(req));
  }

  @Get()
  list(@Param('tenantId', TenantIdPipe) tenantId: TenantId): Promise<{ data: PortalUserView[] }> {
    return this.users.list(tenantId);
  }
}
