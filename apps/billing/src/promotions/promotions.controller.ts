import { Body, Controller, Get, Headers, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { actorOf, AdminGuard, AdminRequest } from '@tollgate/server';
import { TenantDirectory } from '../ledger/tenant-directory';
import { PromoGrantView, PromotionsService } from './promotions.service';
import type { TenantId } from '@tollgate/contracts';
import { TenantIdPipe } from '../errors/tenant-id.pipe';

export class PromoGrantDto {
  @ApiProperty({ example: 10_000_000, description: 'Micro-units of promotional credit.' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMicros!: number;

  @ApiProperty({ example: '2027-01-01T00:00:00Z', description: 'When the unused part expires (by a promo_expiry ledger entry).' })
  @IsISO8601({ strict: true })
  expiresAt!: string;

  @ApiProperty({ example: 'launch promotion' })
  @IsString()
  @Length(1, 500)
  reason!: string;

  @ApiPropertyOptional({ description: 'Alternative to the Idempotency-Key header.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  idempotencyKey?: string;
}

@ApiTags('promotions')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants/:tenantId/promotions')
export class PromotionsController {
  constructor(
    private readonly promotions: PromotionsService,
    private readonly tenants: TenantDirectory,
  ) {}

  /** Grants promotional credit that expires; a retry with the same idempotency key answers the first grant. */
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Required here or as idempotencyKey in the body.' })
  async grant(
    @Param('tenantId', TenantIdPipe) tenantId: TenantId,
    @Body() body: PromoGrantDto,
    @Req() req: AdminRequest,
    @Headers('idempotency-key') key?: string,
  ): Promise<PromoGrantView> {
    await this.tenants.mustExist(tenantId);
    return this.promotions.grant(tenantId, { ...body, idempotencyKey: body.idempotencyKey ?? key }, actorOf(req));
  }

  @Get()
  list(@Param('tenantId', TenantIdPipe) tenantId: TenantId): Promise<{ data: PromoGrantView[] }> {
    return this.promotions.list(tenantId);
  }
}
