import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MeAuthGuard, MeScope } from './me-auth.guard';
import type { MeRequest } from './me-caller';
import { MeBillingService } from './me-billing.service';
import { formatOf } from './response-format';

/** The customer's own money (`billing:read`; top-ups `billing:write`) and traffic (`usage:read`). */
@UseGuards(MeAuthGuard)
@Controller('me')
export class MeBillingController {
  constructor(private readonly me: MeBillingService) {}

  @Get('billing/balance')
  @MeScope('billing:read')
  balance(@Req() req: MeRequest) {
    return this.me.balance(req.caller);
  }

  /** Starts a payment with the configured provider; its webhook credits the balance. */
  @Post('billing/top-ups')
  @HttpCode(201)
  @MeScope('billing:write')
  topUp(@Req() req: MeRequest, @Body() body: unknown) {
    return this.me.topUp(req.caller, body);
  }

  @Get('billing/statement')
  @MeScope('billing:read')
  statement(
    @Req() req: MeRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, string>,
    @Headers('accept') accept?: string,
  ) {
    const { format, rest } = formatOf(query, accept, ['json', 'csv', 'pdf']);
    return this.me.statement(req.caller, reply, rest.month, format);
  }

  @Get('billing/invoices')
  @MeScope('billing:read')
  invoices(@Req() req: MeRequest) {
    return this.me.invoices(req.caller);
  }

  @Get('billing/invoices/:invoiceId')
  @MeScope('billing:read')
  invoice(@Req() req: MeRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('invoiceId') invoiceId: string) {
    return this.me.invoicePdf(req.caller, reply, invoiceId);
  }

  /** Refunds' credit notes, newest first. */
  @Get('billing/credit-notes')
  @MeScope('billing:read')
  creditNotes(@Req() req: MeRequest) {
    return this.me.creditNotes(req.caller);
  }

  @Get('billing/credit-notes/:creditNoteId')
  @MeScope('billing:read')
  creditNote(@Req() req: MeRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('creditNoteId') creditNoteId: string) {
    return this.me.creditNotePdf(req.caller, reply, creditNoteId);
  }

  @Get('request-logs')
  @MeScope('usage:read')
  requestLogs(
    @Req() req: MeRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, string>,
    @Headers('accept') accept?: string,
  ) {
    const { format, rest } = formatOf(query, accept, ['json', 'csv']);
    return this.me.requestLogs(req.caller, reply, rest, format === 'csv');
  }
}
