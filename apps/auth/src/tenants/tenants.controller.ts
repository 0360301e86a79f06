import { Body, Controller, Get, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '@tollgate/server';
import { actorOf, AdminRequest } from '@tollgate/server';
import { CreateTenantDto } from './tenants.dto';
import { TenantsService, TenantView } from './tenants.service';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from './tenant-id.pipe';

@ApiTags('tenants')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  create(@Body() body: CreateTenantDto, @Req() req: AdminRequest): Promise<TenantView> {
    return this.tenants.create(body.name, actorOf(req));
  }

  @Get()
  list(): Promise<TenantView[]> {
    return this.tenants.list();
  }

  @Get(':tenantId')
  get(@Param('tenantId', TenantIdPipe) tenantId: TenantId): Promise<TenantView> {
    return this.tenants.get(tenantId);
  }
}
