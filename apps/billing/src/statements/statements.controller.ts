import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminGuard } from '@tollgate/server';
import { BillingError } from '../errors/billing.error';
import { statementNumber, StatementsService } from './statements.service';
import { timeZoneOf } from './time-zone';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from '../errors/tenant-id.pipe';

@ApiTags('statements')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants/:tenantId/statements')
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  /** Month is YYYY-MM in `time_zone` (IANA, default UTC). `format=csv` → text/csv, `format=pdf` → application/pdf, default JSON. */
  @Get(':month')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'pdf'] })
  @ApiQuery({
    name: 'time_zone',
    required: false,
    description: 'IANA time zone whose calendar month and days the statement follows (default UTC), e.g. Asia/Tokyo.',
  })
  async get(
    @Param('tenantId', TenantIdPipe) tenantId: TenantId,
    @Param('month') month: string,
    @Res({ passthrough: true }) res: FastifyReply,
    @Query('format') format = 'json',
    @Query('time_zone') timeZone?: string,
  ) {
    const zone = timeZoneOf(timeZone, 'time_zone');
    if (format === 'pdf') {
      const pdf = await this.statements.pdf(tenantId, month, zone);
      void res.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${statementNumber(month)}.pdf"`);
      return pdf;
    }
    if (format !== 'json' && format !== 'csv') throw new BillingError('invalid_request', 'format must be json, csv or pdf.');
    const reply = await this.statements.get(tenantId, month, format, zone);
    if (reply.format === 'csv') {
      void res.header('content-type', 'text/csv; charset=utf-8');
      return reply.csv;
    }
    return reply.statement;
  }
}
