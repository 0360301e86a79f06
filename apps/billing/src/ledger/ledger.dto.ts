import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';

export class CreditDto {
  @ApiProperty({ example: 5_000_000, description: 'Micro-units (1 USD = 1000000). Negative = debit adjustment, refused below a zero balance.' })
  @IsInt()
  @Min(-Number.MAX_SAFE_INTEGER)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMicros!: number;

  @ApiProperty({ example: 'goodwill credit for the outage of 2026-11-20' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}
