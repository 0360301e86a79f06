import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AdminGuard, PageLimitPipe } from '@tollgate/server';
import { AuditService, AuditView } from './audit.service';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from '../tenants/tenant-id.pipe';

@ApiTags('audit')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants/:tenantId/audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'before', required: false, description: 'ISO time: events strictly older than this' })
  list(
    @Param('tenantId', TenantIdPipe) tenantId: TenantId,
    @Query('limit', new PageLimitPipe(100, 500)) limit: number,
    @Query('before') before?: string,
  ): Promise<{ data: AuditView[] }> {
    return this.audit.list(tenantId, limit, before);
  }
}
