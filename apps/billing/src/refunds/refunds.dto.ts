import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { IDEMPOTENCY_KEY_MAX, MAX_REFUND_REQUESTS, REASON_MAX } from './refund-rules';

export class RefundRangeDto {
  @ApiProperty({ example: 'req_01J…a', description: 'First call of the range (inclusive), as booked in the request log.' })
  @IsString()
  @Length(1, 128)
  fromRequestId!: string;

  @ApiProperty({ example: 'req_01J…z', description: 'Last call of the range (inclusive).' })
  @IsString()
  @Length(1, 128)
  toRequestId!: string;
}

/** Exactly one of requestIds, range, or month + amountMicros. */
export class RefundDto {
  @ApiPropertyOptional({ type: [String], description: `Calls to refund (1 to ${MAX_REFUND_REQUESTS}); each is refunded what it was charged, at most once.` })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_REFUND_REQUESTS)
  @IsString({ each: true })
  requestIds?: string[];

  @ApiPropertyOptional({ type: RefundRangeDto, description: 'Every charged call from one request id to another (request-log order), at most 1000.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RefundRangeDto)
  range?: RefundRangeDto;

  @ApiPropertyOptional({ example: '2026-11', description: 'Statement month to refund an amount against (with amountMicros).' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/)
  month?: string;

  @ApiPropertyOptional({ example: 'Asia/Tokyo', description: "The month's time zone (IANA, default UTC)." })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  timeZone?: string;

  @ApiPropertyOptional({
    example: 2_500_000,
    description: "Micro-units, at most the month's usage charges minus its refunds (a string for amounts above 2^53).",
  })
  @IsOptional()
  amountMicros?: number | string;

  @ApiProperty({ example: 'upstream outage 2026-11-20 14:00-14:30 UTC', maxLength: REASON_MAX })
  @IsString()
  @Length(1, REASON_MAX)
  reason!: string;

  @ApiPropertyOptional({ description: 'Alternative to the Idempotency-Key header.', maxLength: IDEMPOTENCY_KEY_MAX })
  @IsOptional()
  @IsString()
  @Length(1, IDEMPOTENCY_KEY_MAX)
  idempotencyKey?: string;
}
