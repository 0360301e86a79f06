import { Body, Controller, Get, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { actorOf, AdminGuard, AdminRequest, PageLimitPipe } from '@tollgate/server';
import { CreditDto } from './ledger.dto';
import { BalanceView, LedgerEntryView, LedgerService } from './ledger.service';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from '../errors/tenant-id.pipe';
import { TenantDirectory } from './tenant-directory';

@ApiTags('ledger')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants/:tenantId')
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly tenants: TenantDirectory,
  ) {}

  @Get('balance')
  balance(@Param('tenantId', TenantIdPipe) tenantId: TenantId): Promise<BalanceView> {
    return this.ledger.balance(tenantId);
  }

  @Get('ledger')
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'before', required: false, description: 'Entry id cursor (nextCursor of the previous page).' })
  entries(
    @Param('tenantId', TenantIdPipe) tenantId: TenantId,
    @Query('limit', new PageLimitPipe(100, 500)) limit: number,
    @Query('before') before?: string,
  ): Promise<{ data: LedgerEntryView[]; nextCursor: string | null }> {
    return this.ledger.entries(tenantId, limit, before);
  }

  @Post('credits')
  async credit(@Param('tenantId', TenantIdPipe) tenantId: TenantId, @Body() body: CreditDto, @Req() req: AdminRequest) {
    await this.tenants.mustExist(tenantId);
    return this.ledger.adjust(tenantId, BigInt(body.amountMicros), body.reason, actorOf(req));
  }
}
