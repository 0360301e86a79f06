import { IsOmittable } from '@tollgate/server';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';

export class CreateTierDto {
  @ApiProperty({ example: 'resale-25', description: 'Unique tier name.' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    example: 2500,
    description:
      'Markup over the upstream cost in basis points (2500 = 25 %). Fixed once created: assign a new tier to change it. Null: per-model prices only.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  markupBp?: number | null;
}

export class UpdateTierDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string | null;
}

export class AssignTierDto {
  @ApiProperty({ nullable: true, description: 'The tier from effectiveFrom on; null puts the tenant back on the default price list.' })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  tierId!: string | null;

  @ApiPropertyOptional({ description: 'ISO time the assignment applies from; default now. Calls before it keep the tier then in force.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveFrom?: string;
}
