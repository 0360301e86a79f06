import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { asTenantId } from '@tollgate/contracts';
import { actorOf, AdminGuard, AdminRequest, PageLimitPipe } from '@tollgate/server';
import { PaymentEventView, PaymentReviewService, SettledPayment } from './payment-review.service';
import { ApprovePaymentDto, AssignPaymentDto } from './payments.dto';

/** Admin review of payments a webhook could not credit by itself (held for review, unmatched tenant). */
@ApiTags('payments')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/payments')
export class PaymentsController {
  constructor(private readonly review: PaymentReviewService) {}

  @Get()
  @ApiOperation({ summary: 'Payment events awaiting review, newest first.' })
  @ApiQuery({ name: 'outcome', required: false, enum: ['held_for_review', 'unmatched'] })
  @ApiQuery({ name: 'limit', required: false })
  list(@Query('outcome') outcome: string | undefined, @Query('limit', new PageLimitPipe(100, 500)) limit: number): Promise<{ data: PaymentEventView[] }> {
    return this.review.pending(outcome, limit);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Credit a pending payment to the tenant it names.' })
  approve(@Param('id', ParseUUIDPipe) id: string, @Body() body: ApprovePaymentDto, @Req() req: AdminRequest): Promise<SettledPayment> {
    return this.review.settle(id, actorOf(req), { reason: body.reason });
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Credit a pending payment to the given tenant.' })
  assign(@Param('id', ParseUUIDPipe) id: string, @Body() body: AssignPaymentDto, @Req() req: AdminRequest): Promise<SettledPayment> {
    return this.review.settle(id, actorOf(req), { tenantId: asTenantId(body.tenantId), reason: body.reason });
  }
}
