import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type TenantId, RequestLogsQuery } from '@tollgate/contracts';
import { AdminGuard } from '@tollgate/server';
import { BillingError } from '../errors/billing.error';
import { RequestLogsService } from './request-logs.service';
import { TenantIdPipe } from '../errors/tenant-id.pipe';

@ApiTags('request-logs')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants/:tenantId/request-logs')
export class RequestLogsController {
  constructor(private readonly logs: RequestLogsService) {}

  @Get()
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'keyId', required: false })
  @ApiQuery({ name: 'model', required: false })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async list(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Query() query: Record<string, string>, @Res({ passthrough: true }) res: FastifyReply) {
    const parsed = RequestLogsQuery.safeParse({
      ...query,
      tenantId,
      ...(query.status !== undefined ? { status: Number(query.status) } : {}),
      ...(query.limit !== undefined ? { limit: Number(query.limit) } : {}),
    });
    if (!parsed.success) throw new BillingError('invalid_request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const reply = await this.logs.list(parsed.data);
    if (reply.format === 'csv') {
      void res.header('content-type', 'text/csv; charset=utf-8');
      if (reply.nextCursor) void res.header('x-next-cursor', reply.nextCursor);
      return reply.csv;
    }
    return { data: reply.data, nextCursor: reply.nextCursor };
  }
}
