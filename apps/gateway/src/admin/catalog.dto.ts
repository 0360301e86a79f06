import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsModelName, IsUpstreamModelName } from '../catalog/model-names';

export const PROVIDER_KINDS = ['openai', 'openai-responses', 'anthropic'] as const;

export class CreateProviderDto {
  @ApiProperty({ example: 'openai-main' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,62}$/, { message: 'name must be lowercase letters, digits, dot, dash or underscore' })
  name!: string;

  @ApiProperty({
    enum: PROVIDER_KINDS,
    description:
      'openai: any OpenAI-compatible base URL (OpenAI, vLLM, Ollama, Groq...); openai-responses: the same, and it also speaks /responses, which POST /v1/responses then reaches as is (not bridged to chat completions); anthropic: the native Messages API',
  })
  @IsIn(PROVIDER_KINDS)
  kind!: string;

  @ApiProperty({ example: 'https://api.openai.com/v1' })
  @IsString()
  @Length(1, 500)
  baseUrl!: string;

  @ApiPropertyOptional({ description: 'Upstream credential; stored encrypted, never returned.' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  apiKey?: string;
}

/** What an existing provider may change: where it is reached (validated as on creation). */
export class UpdateProviderDto extends PickType(CreateProviderDto, ['baseUrl'] as const) {}

export class TargetDto {
  @ApiProperty()
  @IsUUID()
  providerId!: string;

  @ApiProperty({ example: 'gpt-4.1-mini', description: 'Printable ASCII, at most 256 bytes (it is sent back in the x-tollgate-model header).' })
  @IsString()
  @IsUpstreamModelName()
  upstreamModel!: string;

  @ApiPropertyOptional({ description: 'Lower is tried first; targets of equal priority share traffic by weight.', default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  priority?: number;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  weight?: number;

  @ApiPropertyOptional({ description: 'Upstream timeout for this target, ms.' })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(600_000)
  timeoutMs?: number;
}

/** A model with a single target (the common case). */
export class PutRouteDto extends PickType(TargetDto, ['providerId', 'upstreamModel'] as const) {
  @ApiProperty({ example: 'tollgate-fast', description: 'The name callers send as `model`: 1 to 256 bytes of UTF-8, no control characters.' })
  @IsString()
  @IsModelName()
  model!: string;
}

/** A model (name or alias) with its ordered targets, for fallback and weighted routing. */
export class PutTargetsDto {
  @ApiProperty({ type: [TargetDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TargetDto)
  targets!: TargetDto[];
}
