import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, Role } from '@app/privacy';
import { PageQueryDto } from '@app/common/http/pagination';
import { IsPlainText } from '@app/common/validation/plain-text';

export class CreateStaffDto {
  @ApiProperty({ example: 'new.broker@demo.local' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({
    minLength: 12,
    description:
      'At least 12 characters, not the e-mail, not a commonly used password (400 PASSWORD_TOO_WEAK)',
  })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password!: string;

  @ApiProperty({ example: 'Anna Nowak' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsPlainText()
  fullName!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class ListStaffQueryDto extends PageQueryDto {}

export class StaffResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() active!: boolean;
  @ApiProperty({
    description: 'The next sign-in may only change the password (after a reset by an administrator)',
  })
  mustChangePassword!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class UpdateStaffDto {
  @ApiPropertyOptional({ example: 'Anna Nowak' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsPlainText()
  fullName?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'A new role ends every session of the account at once' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

export class PasswordResetResponseDto {
  @ApiProperty({
    description:
      'A random one-time password, shown only in this answer and stored only as a hash. Every session of the account has ended; signing in with it ' +
      'gives a token that may only change the password (POST /api/auth/password) until it is changed.',
  })
  temporaryPassword!: string;

  @ApiProperty({ enum: [true] }) passwordChangeRequired!: boolean;
}

export class LoginDto {
  @ApiProperty({ example: 'broker@demo.local' })
  @IsString()
  @MaxLength(254)
  @IsPlainText()
  email!: string;

  @ApiProperty({ example: 'demo-password' })
  @IsString()
  @MaxLength(200)
  password!: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Bearer token for the API, valid for expiresIn seconds' }) accessToken!: string;
  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ description: 'Single-use token for POST /api/auth/refresh; each use returns its successor' })
  refreshToken!: string;
  @ApiProperty({
    description: 'True after an administrator reset the password: the access token may only change it',
  })
  passwordChangeRequired!: boolean;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken!: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: 'End every session of the account, not only this one', default: false })
  @IsOptional()
  @IsBoolean()
  everywhere?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({
    minLength: 12,
    description: 'At least 12 characters, not the e-mail, not a commonly used password',
  })
  @IsString()
  @MaxLength(200)
  newPassword!: string;
}

export class MeResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: [String] }) purposes!: string[];
  @ApiProperty({
    description: 'Signed in with a temporary password: only POST /api/auth/password is allowed',
  })
  passwordChangeRequired!: boolean;
}
