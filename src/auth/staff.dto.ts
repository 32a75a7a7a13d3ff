import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, Role } from '@app/privacy';
import { PageQueryDto } from '@app/common/http/pagination';
import { IsPlainText } from '@app/common/validation/plain-text';

export class CreateStaffDto {
  @ApiProperty({ example: 'new.broker@demo.local' })
  @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 12, description: 'At least 12 characters' })
  @IsString() @MinLength(12) @MaxLength(200)
  password!: string;

  @ApiProperty({ example: 'Anna Nowak' })
  @IsString() @MinLength(1) @MaxLength(200) @IsPlainText()
  fullName!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class ListStaffQueryDto extends PageQueryDto {}

export class StaffResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'broker@demo.local' })
  @IsString() @MaxLength(254) @IsPlainText()
  email!: string;

  @ApiProperty({ example: 'demo-password' })
  @IsString() @MaxLength(200)
  password!: string;
}

export class LoginResponseDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn!: number;
}

export class MeResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: [String] }) purposes!: string[];
}
