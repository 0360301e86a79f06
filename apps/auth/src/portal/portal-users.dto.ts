import { IsOmittable } from '@tollgate/server';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PORTAL_ROLES, PortalRole } from '@tollgate/contracts';

export class CreatePortalUserDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ enum: PORTAL_ROLES })
  @IsIn(PORTAL_ROLES)
  role!: PortalRole;

  @ApiPropertyOptional({ description: 'At least 12 characters, not a common password. Without it the answer carries a one-time invite.' })
  @IsOmittable()
  @IsString()
  @MaxLength(1024)
  password?: string;
}
