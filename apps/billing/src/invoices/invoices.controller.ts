import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminGuard } from '@tollgate/server';
import { BillingError } from '../errors/billing.error';
import { timeZoneOf } from '../statements/time-zone';
import { InvoicesService, InvoiceSummaryView } from './invoices.service';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from '../errors/tenant-id.pipe';

/** A tenant's documents for operators: monthly statements, credit notes (refunds) and credit receipts. */
@ApiTags('invoices')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants/:tenantId/invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Get()
  @ApiQuery({ name: 'time_zone', required: false, description: 'IANA time zone of the statement months (default UTC).' })
  list(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Query('time_zone') timeZone?: string): Promise<{ data: InvoiceSummaryView[] }> {
    return this.invoices.list(tenantId, timeZoneOf(timeZone, 'time_zone'));
  }

  /** The document as a PDF (a credit note CN-…, a credit receipt CR-…, or a month's statement); 404 when the tenant has no such document. */
  @Get(':invoiceId/pdf')
  @ApiQuery({ name: 'time_zone', required: false })
  async pdf(
    @Param('tenantId', TenantIdPipe) tenantId: TenantId,
    @Param('invoiceId') invoiceId: string,
    @Res({ passthrough: true }) res: FastifyReply,
    @Query('time_zone') timeZone?: string,
  ): Promise<Buffer> {
    const doc = await this.invoices.pdf(tenantId, invoiceId.slice(0, 200), timeZoneOf(timeZone, 'time_zone'));
    if (!doc.found) throw new BillingError('not_found', `No document with id '${invoiceId.slice(0, 64)}' for this tenant.`);
    void res.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${doc.number}.pdf"`);
    return Buffer.from(doc.pdfBase64, 'base64');
  }
}
