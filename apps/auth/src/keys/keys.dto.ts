import { IsOmittable } from '@tollgate/server';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import { isKeyLabel, MAX_RATE_LIMIT, type Scope, SCOPES } from '@tollgate/contracts';
import { BudgetFieldsDto } from '../tenants/tenants.dto';

/** A key's name by the /me rule (KeyLabel): something visible, no control characters. */
const IsKeyLabel = () =>
  ValidateBy({
    name: 'isKeyLabel',
    validator: { validate: isKeyLabel, defaultMessage: () => 'label must hold a visible character and no control characters' },
  });

export class RateLimitsDto {
  @ApiPropertyOptional({ description: 'Requests per minute; omit or null for unlimited.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RATE_LIMIT)
  rpm?: number | null;

  @ApiPropertyOptional({ description: 'Tokens per minute (prompt estimate + max_tokens); omit or null for unlimited.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RATE_LIMIT)
  tpm?: number | null;
}

export class CreateKeyDto {
  @ApiProperty({ example: 'production-backend' })
  @IsString()
  @Length(1, 100)
  @IsKeyLabel()
  label!: string;

  @ApiPropertyOptional({ enum: SCOPES, isArray: true, description: 'Defaults to chat:write, embeddings:write, models:read and billing:read.' })
  @IsOptional()
  @IsArray()
  @IsIn(SCOPES, { each: true })
  scopes?: Scope[];

  @ApiPropertyOptional({ type: [String], description: 'Model allow-list; omit for every model registered for the tenant.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  models?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['openai-main'],
    description: "Provider allow-list (the gateway catalog's provider names); omit for any provider. The tenant's provider policy also applies.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  providers?: string[];

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;

  @ApiPropertyOptional({ type: RateLimitsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RateLimitsDto)
  rateLimits?: RateLimitsDto;
}

/** PUT …/provider-policy, for a key or a tenant. */
export class ProviderPolicyDto {
  @ApiProperty({ type: [String], example: ['openai-main', 'anthropic'], description: 'Provider names from the gateway catalog; [] allows any provider.' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  providers!: string[];
}

export class RotateKeyDto {
  @ApiPropertyOptional({ description: 'Seconds the old key keeps working; 0 (default) retires it at once.', maximum: 2592000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30 * 24 * 3600)
  gracePeriodSeconds?: number;
}

/** PATCH /admin/keys/{id}: a new label and/or the key's budget (budgetMicros null removes it). */
export class UpdateKeyDto extends BudgetFieldsDto {
  @ApiPropertyOptional({ example: 'production-backend' })
  @IsOmittable()
  @IsString()
  @Length(1, 100)
  @IsKeyLabel()
  label?: string;
}
