import { Controller, Delete, Param, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { actorOf, AdminGuard, AdminRequest } from '@tollgate/server';
import { BillingError } from '../errors/billing.error';
import { RequestLogRetentionService } from './request-log-retention.service';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from '../errors/tenant-id.pipe';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

@ApiTags('request-logs')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants/:tenantId/request-logs')
export class RequestLogRetentionController {
  constructor(private readonly retention: RequestLogRetentionService) {}

  /** Erases the tenant's request logs of calls before `before` (all when absent). The ledger is untouched. */
  @Delete()
  @ApiQuery({ name: 'before', required: false, description: 'ISO 8601 instant (or date, UTC); calls before it are erased. Absent: all.' })
  async erase(
    @Param('tenantId', TenantIdPipe) tenantId: TenantId,
    @Query('before') before: string | undefined,
    @Req() req: AdminRequest,
  ): Promise<{ deleted: number; before: string | null }> {
    const at = parseBefore(before);
    const deleted = await this.retention.erase(tenantId, at, actorOf(req));
    return { deleted, before: at?.toISOString() ?? null };
  }
}

function parseBefore(before: string | undefined): Date | null {
  if (before === undefined) return null;
  const at = new Date(before);
  if (!ISO_INSTANT.test(before) || Number.isNaN(at.getTime()))
    throw new BillingError('invalid_request', 'before must be an ISO 8601 instant, e.g. 2026-01-01T00:00:00Z.');
  return at;
}
