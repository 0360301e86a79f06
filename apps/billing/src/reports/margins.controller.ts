import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminGuard } from '@tollgate/server';
import { BillingError } from '../errors/billing.error';
import { MarginReport, MarginsService } from './margins.service';

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/reports/margins')
export class MarginsController {
  constructor(private readonly margins: MarginsService) {}

  /** Calls, tokens, revenue (sale), cost (upstream), margin and margin percent per tenant and model for a UTC month. */
  @Get()
  @ApiQuery({ name: 'month', required: true, description: 'YYYY-MM (UTC calendar month of when calls happened).' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async get(
    @Query('month') month: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
    @Query('format') format = 'json',
  ): Promise<MarginReport | string> {
    if (format !== 'json' && format !== 'csv') throw new BillingError('invalid_request', 'format must be json or csv.');
    const report = await this.margins.report(month);
    if (format === 'json') return report;
    void res.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="margins-${report.month}.csv"`);
    return this.margins.csv(report);
  }
}
