import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';

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
  rpm?: number | null;

  @ApiPropertyOptional({ description: 'Tokens per minute across all the tenant keys; null removes the limit.', nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  tpm?: number | null;
}
