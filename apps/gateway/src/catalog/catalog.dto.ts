import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export const PROVIDER_KINDS = ['openai'] as const;

export class CreateProviderDto {
  @ApiProperty({ example: 'openai-main' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,62}$/, { message: 'name must be lowercase letters, digits, dot, dash or underscore' })
  name!: string;

  @ApiProperty({ enum: PROVIDER_KINDS, description: 'openai: any OpenAI-compatible base URL (OpenAI, vLLM, Ollama, Groq...)' })
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

export class PutRouteDto {
  @ApiProperty({ example: 'tollgate-fast', description: 'The name callers send as `model`.' })
  @IsString()
  @Length(1, 200)
  model!: string;

  @ApiProperty()
  @IsUUID()
  providerId!: string;

  @ApiProperty({ example: 'gpt-4.1-mini' })
  @IsString()
  @Length(1, 200)
  upstreamModel!: string;
}
