import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';

const MAX = Number.MAX_SAFE_INTEGER;

export class CreatePriceDto {
  @ApiProperty({ example: 'tollgate-fast', description: 'The model name customers call.' })
  @IsString()
  @Length(1, 200)
  model!: string;

  @ApiPropertyOptional({ nullable: true, description: 'Route target provider name; omit for any provider.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  provider?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Route target upstream model; omit for any.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  upstreamModel?: string | null;

  @ApiProperty({ example: 150_000, description: 'Micro-units per million input tokens.' })
  @IsInt()
  @Min(0)
  @Max(MAX)
  inputPerMillion!: number;

  @ApiProperty({ example: 75_000, description: 'Micro-units per million cached input tokens.' })
  @IsInt()
  @Min(0)
  @Max(MAX)
  cachedInputPerMillion!: number;

  @ApiProperty({ example: 600_000, description: 'Micro-units per million output tokens.' })
  @IsInt()
  @Min(0)
  @Max(MAX)
  outputPerMillion!: number;

  @ApiPropertyOptional({ default: 4096, description: 'Output tokens assumed for the credit hold when a request sets no max_tokens.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  maxOutputTokens?: number;

  @ApiPropertyOptional({ description: 'ISO time the price applies from; default now. Past charges are never re-priced.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveFrom?: string;
}
