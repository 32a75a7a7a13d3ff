import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { checkPesel } from '@app/common/validation/pesel';
import { isValidEmail, isValidPolishPostalCode, normaliseEmail, normalisePhone } from '@app/common/validation/contact';

@ValidatorConstraint({ name: 'pesel' })
class PeselConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && checkPesel(value).valid;
  }
  defaultMessage(args: ValidationArguments): string {
    const result = typeof args.value === 'string' ? checkPesel(args.value) : null;
    return result && !result.valid ? result.reason : 'pesel must be a string of 11 digits';
  }
}

@ValidatorConstraint({ name: 'email' })
class EmailConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidEmail(value);
  }
  defaultMessage(): string {
    return 'email must be a valid e-mail address';
  }
}

@ValidatorConstraint({ name: 'phone' })
class PhoneConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && normalisePhone(value) !== null;
  }
  defaultMessage(): string {
    return 'phone must be a telephone number (9 digits for Poland, or +country code and number)';
  }
}

@ValidatorConstraint({ name: 'postalCode' })
class PostalCodeConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const country = (args.object as AddressDto).country ?? 'PL';
    if (typeof value !== 'string') return false;
    return country === 'PL' ? isValidPolishPostalCode(value) : value.length >= 2 && value.length <= 12;
  }
  defaultMessage(): string {
    return 'postalCode must be NN-NNN for Poland';
  }
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const normEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseEmail(value) : value);
const normPhone = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (normalisePhone(value) ?? value) : value;

export class AddressDto {
  @ApiProperty({ example: 'ul. Marszałkowska 1/2' })
  @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200)
  street!: string;

  @ApiProperty({ example: '00-001' })
  @Transform(trim) @IsString() @Validate(PostalCodeConstraint)
  postalCode!: string;

  @ApiProperty({ example: 'Warszawa' })
  @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(100)
  city!: string;

  @ApiProperty({ example: 'PL', description: 'ISO 3166-1 alpha-2' })
  @IsString() @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as PL' })
  country!: string;
}

export class CreateClientDto {
  @ApiProperty({ example: 'Jan' })
  @Transform(trim) @IsString() @Length(1, 100)
  firstName!: string;

  @ApiProperty({ example: 'Kowalski' })
  @Transform(trim) @IsString() @Length(1, 100)
  lastName!: string;

  @ApiPropertyOptional({ example: 'jan.kowalski@example.com' })
  @IsOptional() @Transform(normEmail) @Validate(EmailConstraint)
  email?: string;

  @ApiPropertyOptional({ example: '+48600100200' })
  @IsOptional() @Transform(normPhone) @Validate(PhoneConstraint)
  phone?: string;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({ example: '1985-03-14' })
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiPropertyOptional({ example: '85031412345', description: '11 digits with a valid check digit' })
  @IsOptional() @IsString() @Validate(PeselConstraint)
  pesel?: string;
}

/** Every field optional; null clears an optional field. */
export class UpdateClientDto {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 100)
  firstName?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 100)
  lastName?: string;

  @ApiPropertyOptional({ nullable: true }) @ValidateIf((_, v) => v !== null && v !== undefined)
  @Transform(normEmail) @Validate(EmailConstraint)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true }) @ValidateIf((_, v) => v !== null && v !== undefined)
  @Transform(normPhone) @Validate(PhoneConstraint)
  phone?: string | null;

  @ApiPropertyOptional({ type: AddressDto, nullable: true }) @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsObject() @ValidateNested() @Type(() => AddressDto)
  address?: AddressDto | null;

  @ApiPropertyOptional({ nullable: true }) @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsISO8601({ strict: true, strictSeparator: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be YYYY-MM-DD' })
  dateOfBirth?: string | null;

  @ApiPropertyOptional({ nullable: true }) @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString() @Validate(PeselConstraint)
  pesel?: string | null;
}

export const CLIENT_SORTS = ['createdAt', 'lastName'] as const;

export class ListClientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Prefix of first or last name (needs both readable)' })
  @IsOptional() @IsString() @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ description: 'Exact e-mail (needs email readable)' })
  @IsOptional() @Transform(normEmail) @IsString() @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: 'Exact PESEL (needs pesel readable); found through a keyed hash' })
  @IsOptional() @IsString() @Matches(/^\d{11}$/, { message: 'pesel must be 11 digits' })
  pesel?: string;

  @ApiPropertyOptional({ enum: CLIENT_SORTS, default: 'createdAt' })
  @IsOptional() @IsIn(CLIENT_SORTS)
  sort?: (typeof CLIENT_SORTS)[number];
}

export class ClientResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['active', 'anonymised'] }) status!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() restricted!: boolean;
  @ApiPropertyOptional({ description: 'Present only when the purpose may read it' }) firstName?: string;
  @ApiPropertyOptional() lastName?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional({ type: AddressDto }) address?: AddressDto;
  @ApiPropertyOptional() dateOfBirth?: string;
  @ApiPropertyOptional() pesel?: string;
}
