import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class ApprovePaymentDto {
  @ApiPropertyOptional({ example: 'confirmed with the customer by phone', description: 'Stored on the ledger transaction.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class AssignPaymentDto extends ApprovePaymentDto {
  @ApiProperty({ example: '0b7c2c1e-5a0f-4c59-9a55-0d7a1f3c2b10', description: 'The tenant to credit (its billing account is created if missing).' })
  @IsUUID()
  tenantId!: string;
}
