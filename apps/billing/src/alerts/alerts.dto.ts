import { IsOmittable } from '@tollgate/server';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { ALERT_TYPES } from '@tollgate/contracts';

export class CreateWebhookEndpointDto {
  @ApiProperty({
    example: 'https://example.com/hooks/tollgate',
    description: 'https (http only for private or loopback addresses where ALLOW_PRIVATE_WEBHOOKS=true).',
  })
  @IsString()
  @Length(1, 2000)
  url!: string;

  @ApiPropertyOptional({ example: 'Ops alerts', nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  description?: string | null;

  @ApiProperty({ enum: ALERT_TYPES, isArray: true, example: ['balance.low', 'payment.credited'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALERT_TYPES.length)
  @IsIn(ALERT_TYPES, { each: true })
  eventTypes!: (typeof ALERT_TYPES)[number][];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  url?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  description?: string | null;

  @ApiPropertyOptional({ enum: ALERT_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALERT_TYPES.length)
  @IsIn(ALERT_TYPES, { each: true })
  eventTypes?: (typeof ALERT_TYPES)[number][];

  @ApiPropertyOptional()
  @IsOmittable()
  @IsBoolean()
  enabled?: boolean;
}

export class AlertSettingsDto {
  @ApiProperty({ example: 5_000_000, nullable: true, description: 'balance.low fires when the balance crosses below this (micro-units); null turns it off.' })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  balanceLowThresholdMicros!: number | null;
}
