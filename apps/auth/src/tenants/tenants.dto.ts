import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { BUDGET_PERIODS, MAX_RATE_LIMIT } from '@tollgate/contracts';

export class CreateTenantDto {
  @ApiProperty({ example: 'Acme Corp' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class TenantLimitsDto {
  @ApiPropertyOptional({ description: 'Requests per minute across all the tenant keys; null removes the limit.', nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RATE_LIMIT)
  rpm?: number | null;

  @ApiPropertyOptional({ description: 'Tokens per minute across all the tenant keys; null removes the limit.', nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RATE_LIMIT)
  tpm?: number | null;
}

/** The budget fields of PATCH on a key or a tenant (admin API). */
export class BudgetFieldsDto {
  @ApiPropertyOptional({
    description: 'Spend limit in micro-units (1 000 000 = 1 currency unit) per budgetPeriod; null removes the budget.',
    nullable: true,
    example: 5_000_000,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  budgetMicros?: number | null;

  @ApiPropertyOptional({ enum: BUDGET_PERIODS, description: "Period in the tenant's reporting time zone; lifetime never resets." })
  @IsOptional()
  @IsIn(BUDGET_PERIODS)
  budgetPeriod?: (typeof BUDGET_PERIODS)[number];

  @ApiPropertyOptional({
    description: 'Soft threshold: percent of the budget whose crossing raises a budget.threshold alert (once per period); null for none.',
    nullable: true,
    minimum: 1,
    maximum: 100,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  budgetAlertPercent?: number | null;
}

export class UpdateTenantDto extends BudgetFieldsDto {
  @ApiPropertyOptional({ example: 'Asia/Tokyo', description: 'IANA time zone that budget periods follow (default UTC).' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  reportingTimeZone?: string;
}
