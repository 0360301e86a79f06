import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

export { CreatePriceDto as CreateCostPriceDto } from './prices.dto';

export const COST_PRICE_STATUSES = ['proposed', 'accepted', 'rejected'] as const;
export type CostPriceStatus = (typeof COST_PRICE_STATUSES)[number];

export class ListCostPricesQuery {
  @ApiPropertyOptional({ enum: COST_PRICE_STATUSES, description: 'Only cost prices in this status.' })
  @IsOptional()
  @IsIn(COST_PRICE_STATUSES)
  status?: CostPriceStatus;
}

export class AcceptCostPriceDto {
  @ApiPropertyOptional({ description: 'ISO time the accepted price applies from; default (and at the earliest) now: a review never re-prices past calls.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveFrom?: string;
}
