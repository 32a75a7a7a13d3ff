import { ApiProperty } from '@nestjs/swagger';
import { Transform, TransformFnParams } from 'class-transformer';
import {
  IsISO8601,
  IsNotEmpty,
  IsString,
  Length,
  Matches,
  MaxLength,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { isValidEmail, isValidPolishPostalCode, normaliseEmail, normalisePhone } from './contact';
import { checkPesel, latestDateOnEarth } from './pesel';
import { IsPlainText } from './plain-text';

/**
 * Validation of the personal fields that clients and mandate subjects share. Each decorator
 * leaves presence to the DTO (`@IsOptional()` or a null-clearing `@ValidateIf`) and OpenAPI
 * metadata to the DTO, whose examples and descriptions differ per operation.
 */

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

@ValidatorConstraint({ name: 'notInFuture' })
class NotInFutureConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && value <= latestDateOnEarth();
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must not lie in the future`;
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
    const country = (args.object as PostalAddressDto).country ?? 'PL';
    if (typeof value !== 'string') return false;
    return country === 'PL' ? isValidPolishPostalCode(value) : value.length >= 2 && value.length <= 12;
  }
  defaultMessage(): string {
    return 'postalCode must be NN-NNN for Poland';
  }
}

export const trimString = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' ? value.trim() : value;

export const toNormalisedEmail = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' ? normaliseEmail(value) : value;

/** An unparseable number is left as given, so the phone check reports it instead of a blank. */
export const toNormalisedPhone = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' ? (normalisePhone(value) ?? value) : value;

/**
 * Applies decorators last to first, as when they are written one above another on a property:
 * class-validator reports a property's failed constraints in the order they were registered.
 */
export function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, propertyKey) => {
    for (let i = decorators.length - 1; i >= 0; i--) decorators[i](target, propertyKey);
  };
}

/** First or last name: trimmed, 1 to 100 characters, one line of plain text. */
export function IsPersonName(): PropertyDecorator {
  return stacked(Transform(trimString), IsString(), Length(1, 100), IsPlainText());
}

/** Stored trimmed and lower-cased, so that equal addresses compare equal. */
export function IsNormalisedEmail(): PropertyDecorator {
  return stacked(Transform(toNormalisedEmail), Validate(EmailConstraint));
}

/** Stored in E.164; nine digits are taken as a Polish number. */
export function IsNormalisedPhone(): PropertyDecorator {
  return stacked(Transform(toNormalisedPhone), Validate(PhoneConstraint));
}

/** A calendar date written YYYY-MM-DD, nothing more. */
export function IsCalendarDate(): PropertyDecorator {
  return stacked(
    IsISO8601({ strict: true, strictSeparator: true }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be YYYY-MM-DD' }),
  );
}

/** A date of birth: a calendar date that has come somewhere on Earth. */
export function IsBirthDate(): PropertyDecorator {
  return stacked(IsCalendarDate(), Validate(NotInFutureConstraint));
}

/** Format, check digit and encoded date; agreement with dateOfBirth is the service's to check. */
export function IsPesel(): PropertyDecorator {
  return stacked(IsString(), Validate(PeselConstraint));
}

/**
 * A postal address; the postal code is checked as NN-NNN for Poland (also when no country is
 * given). Each module extends it under its own name, which is its OpenAPI schema name.
 */
export class PostalAddressDto {
  @ApiProperty({ example: 'ul. Marszałkowska 1/2' })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsPlainText()
  street!: string;

  @ApiProperty({ example: '00-001' })
  @Transform(trimString)
  @IsString()
  @Validate(PostalCodeConstraint)
  @IsPlainText()
  postalCode!: string;

  @ApiProperty({ example: 'Warszawa' })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsPlainText()
  city!: string;

  @ApiProperty({ example: 'PL', description: 'ISO 3166-1 alpha-2' })
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as PL' })
  country!: string;
}
