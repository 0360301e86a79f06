import { Controller, Get, Headers, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@tollgate/contracts';
import { ApiKeyGuard } from '../edge/api-key.guard';
import { MeBillingService } from './me-billing.service';

type AuthedRequest = FastifyRequest & { user: Principal };

/** The customer's own money and traffic, for a key with the `billing:read` scope. */
@UseGuards(ApiKeyGuard)
@Controller('me')
export class MeBillingController {
  constructor(private readonly me: MeBillingService) {}

  @Get('billing/balance')
  balance(@Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.me.balance(req.user, String(req.id), reply);
  }

  @Get('billing/statement')
  statement(@Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply, @Query('month') month: string | undefined, @Headers('accept') accept?: string) {
    return this.me.statement(req.user, String(req.id), reply, month, wantsCsv(accept));
  }

  @Get('billing/invoices')
  invoices(@Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.me.invoices(req.user, String(req.id), reply);
  }

  @Get('billing/invoices/:invoiceId')
  invoice(@Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('invoiceId') invoiceId: string) {
    return this.me.invoicePdf(req.user, String(req.id), reply, invoiceId);
  }

  @Get('request-logs')
  requestLogs(@Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply, @Query() query: Record<string, string>, @Headers('accept') accept?: string) {
    return this.me.requestLogs(req.user, String(req.id), reply, query, wantsCsv(accept));
  }
}

function wantsCsv(accept: string | undefined): boolean {
  return (accept ?? '').toLowerCase().includes('text/csv');
}
