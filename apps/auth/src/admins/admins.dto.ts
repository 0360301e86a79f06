import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';

export class AdminCredentialsDto {
  @ApiProperty({ example: 'ops@example.com' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ description: 'At least 12 characters, not a common password, not the email.' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}

/**
 * Sign-in takes any email text: a malformed one matches no admin and gets the same 401 as a wrong
 * password (one answer for every failure, as the portal's sign-in gives).
 */
export class AdminSignInDto {
  @ApiProperty({ example: 'ops@example.com' })
  @IsString()
  @MaxLength(320)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  password!: string;
}

export class AdminIdentityDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
}

export class AdminDto extends AdminIdentityDto {
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class AdminListDto {
  @ApiProperty({ type: [AdminDto] }) data!: AdminDto[];
}

export class AdminSignedInDto {
  @ApiProperty({ description: 'The admin session token, shown once: send it as `Authorization: Bearer <token>` to every admin API.' })
  token!: string;

  @ApiProperty({ type: AdminIdentityDto }) admin!: AdminIdentityDto;
  @ApiProperty({ format: 'date-time', description: 'When the session ends at the latest (it also ends after a period without use).' })
  expires_at!: string;
}

export class AdminWhoAmIDto {
  @ApiProperty({ example: 'admin:ops@example.com', description: 'What audit entries and ledger records name: `admin` for the bootstrap token.' })
  actor!: string;

  @ApiProperty({ type: AdminIdentityDto, nullable: true }) admin!: AdminIdentityDto | null;
  @ApiProperty({ format: 'date-time', nullable: true }) expires_at!: string | null;
}
