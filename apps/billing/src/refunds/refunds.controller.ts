import { Body, Controller, Headers, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { actorOf, AdminGuard, AdminRequest } from '@tollgate/server';
import { RefundDto } from './refunds.dto';
import { RefundsService, RefundView } from './refunds.service';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from '../errors/tenant-id.pipe';

@ApiTags('refunds')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants/:tenantId/refunds')
export class RefundsController {
  constructor(private readonly refunds: RefundsService) {}

  /** Refunds calls (by id or a range) or an amount against a statement month, with a credit note; a retry with the same key answers the first refund. */
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Required here or as idempotencyKey in the body.' })
  refund(
    @Param('tenantId', TenantIdPipe) tenantId: TenantId,
    @Body() body: RefundDto,
    @Req() req: AdminRequest,
    @Headers('idempotency-key') key?: string,
  ): Promise<RefundView> {
    return this.refunds.refund(tenantId, { ...body, idempotencyKey: body.idempotencyKey ?? key }, actorOf(req));
  }
}
