import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import {
  isValidEmail,
  isValidPolishPostalCode,
  normaliseEmail,
  normalisePhone,
} from '@app/common/validation/contact';
import { checkPesel } from '@app/common/validation/pesel';
import { LINES_OF_BUSINESS, LineOfBusiness } from '@app/privacy';
import { MANDATE_END_ACTIONS, MANDATE_FIELDS, MandateEndAction, MandateField } from './mandate.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

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
    const country = (args.object as MandateAddressDto).country ?? 'PL';
    if (typeof value !== 'string') return false;
    return country === 'PL' ? isValidPolishPostalCode(value) : value.length >= 2 && value.length <= 12;
  }
  defaultMessage(): string {
    return 'postalCode must be NN-NNN for Poland';
  }
}

export class CreateMandateDto {
  @ApiProperty({ description: 'The insurer (controller) that entrusts the data' })
  @IsUUID()
  insurerId!: string;

  @ApiProperty({ example: 'UP/2026/017', description: "The entrustment agreement's reference" })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  reference!: string;

  @ApiProperty({ example: '2026-01-01' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DATE, { message: 'validFrom must be YYYY-MM-DD' })
  validFrom!: string;

  @ApiProperty({ example: '2026-12-31' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DATE, { message: 'validTo must be YYYY-MM-DD' })
  validTo!: string;

  @ApiProperty({
    enum: MANDATE_FIELDS,
    isArray: true,
    description: 'Personal fields the insurer allows the broker to process',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(MANDATE_FIELDS, { each: true })
  fields!: MandateField[];

  @ApiProperty({ enum: MANDATE_END_ACTIONS, description: 'What happens to the data when the mandate ends' })
  @IsIn(MANDATE_END_ACTIONS)
  endAction!: MandateEndAction;
}

export class AddMandateMemberDto {
  @ApiProperty({ description: 'A staff member whose role may act under purpose insurer_mandate' })
  @IsUUID()
  staffId!: string;
}

export class ListMandatesQueryDto extends PageQueryDto {}

export class MandateResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() insurerId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() validFrom!: string;
  @ApiProperty() validTo!: string;
  @ApiProperty({ enum: MANDATE_FIELDS, isArray: true }) fields!: string[];
  @ApiProperty({ enum: MANDATE_END_ACTIONS }) endAction!: string;
  @ApiProperty({ enum: ['active', 'ended'] }) status!: string;
  @ApiProperty({ description: 'Whether today is within validFrom..validTo' }) inForce!: boolean;
  @ApiPropertyOptional({ nullable: true }) endedAt!: string | null;
  @ApiProperty({ type: [String], description: 'Staff ids of the members' }) members!: string[];
  @ApiProperty() createdAt!: string;
}

export class MandateMemberResponseDto {
  @ApiProperty() mandateId!: string;
  @ApiProperty() staffId!: string;
  @ApiProperty() addedAt!: string;
}

export class MandateAddressDto {
  @ApiProperty({ example: 'ul. Marszałkowska 1/2' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  street!: string;

  @ApiProperty({ example: '00-001' })
  @Transform(trim)
  @IsString()
  @Validate(PostalCodeConstraint)
  postalCode!: string;

  @ApiProperty({ example: 'Warszawa' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  city!: string;

  @ApiProperty({ example: 'PL', description: 'ISO 3166-1 alpha-2' })
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as PL' })
  country!: string;
}

/** Every field optional here; the mandate's `fields` decide which may be given (others: 403 `fields`). */
export class CreateMandateSubjectDto {
  @ApiPropertyOptional({ example: 'Jan' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  firstName?: string;

  @ApiPropertyOptional({ example: 'Kowalski' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  lastName?: string;

  @ApiPropertyOptional({ example: 'jan.kowalski@example.com' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? normaliseEmail(value) : value))
  @Validate(EmailConstraint)
  email?: string;

  @ApiPropertyOptional({ example: '+48600100200' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? (normalisePhone(value) ?? value) : value))
  @Validate(PhoneConstraint)
  phone?: string;

  @ApiPropertyOptional({ type: MandateAddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MandateAddressDto)
  address?: MandateAddressDto;

  @ApiPropertyOptional({ example: '1985-03-14' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DATE, { message: 'dateOfBirth must be YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiPropertyOptional({
    example: '85031412345',
    description: '11 digits with a valid check digit; stored encrypted',
  })
  @IsOptional()
  @IsString()
  @Validate(PeselConstraint)
  pesel?: string;
}

export class ListMandateSubjectsQueryDto extends PageQueryDto {}

export class MoneyDto {
  @ApiProperty({ example: 123450, description: 'Minor units' })
  @IsInt()
  @Min(0)
  amount!: number;

  @ApiProperty({ example: 'PLN' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as PLN' })
  currency!: string;
}

export class CreateMandateContractDto {
  @ApiProperty({ enum: LINES_OF_BUSINESS })
  @IsIn(LINES_OF_BUSINESS)
  lineOfBusiness!: LineOfBusiness;

  @ApiProperty({ example: 'OC/AC Komfort' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  productName!: string;

  @ApiPropertyOptional({ example: 'POL/2026/000123' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  policyNumber?: string;

  @ApiProperty({ example: '2026-02-01' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DATE, { message: 'startDate must be YYYY-MM-DD' })
  startDate!: string;

  @ApiProperty({ example: '2027-01-31' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DATE, { message: 'endDate must be YYYY-MM-DD' })
  endDate!: string;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  premium?: MoneyDto;
}

export class MandateSubjectResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ description: 'Present only when the mandate lists it' }) firstName?: string;
  @ApiPropertyOptional() lastName?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional({ type: MandateAddressDto }) address?: MandateAddressDto;
  @ApiPropertyOptional() dateOfBirth?: string;
  @ApiPropertyOptional() pesel?: string;
}
