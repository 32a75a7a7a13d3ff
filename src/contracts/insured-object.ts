import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';
import { PostalAddressDto } from '@app/common/validation/person-fields';
import { IsPlainText } from '@app/common/validation/plain-text';
import {
  checkVin,
  isValidRegistrationNumber,
  normaliseRegistrationNumber,
  normaliseVin,
} from '@app/common/validation/vehicle';
import { LineOfBusiness } from '@app/privacy';
import { Money, MoneyDto } from '../offers';

export const INSURED_OBJECT_KINDS = ['vehicle', 'property', 'person'] as const;
export type InsuredObjectKind = (typeof INSURED_OBJECT_KINDS)[number];

/** What a contract insures, as stored (amounts in grosze). */
export type StoredInsuredObject =
  | {
      kind: 'vehicle';
      vin: string | null;
      registrationNumber: string | null;
      make: string;
      model: string;
      year: number;
    }
  | {
      kind: 'property';
      address: PostalAddressDto | null;
      constructionYear: number;
      sumInsured: number;
    }
  | { kind: 'person'; clientId: string };

/** The same, as the API shows it (amounts as Money). */
export type InsuredObjectView =
  | Exclude<StoredInsuredObject, { kind: 'property' }>
  | (Omit<Extract<StoredInsuredObject, { kind: 'property' }>, 'sumInsured'> & { sumInsured: Money });

/** Which lines of business insure which kind of object; a person may be insured in any line. */
const LINES_OF_KIND: Record<InsuredObjectKind, readonly LineOfBusiness[] | null> = {
  vehicle: ['motor'],
  property: ['home', 'property'],
  person: null,
};

export function kindFitsLine(kind: InsuredObjectKind, line: LineOfBusiness): boolean {
  const lines = LINES_OF_KIND[kind];
  return lines === null || lines.includes(line);
}

const upperNoSpaces =
  (normalise: (raw: string) => string) =>
  ({ value }: { value: unknown }) =>
    typeof value === 'string' ? normalise(value) : value;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** ISO 3779: 17 characters, and the check digit where the 9th character is a digit or X. */
function IsVin(): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isVin',
      target: target.constructor,
      propertyName: property as string,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && checkVin(value).valid,
        defaultMessage: (args: ValidationArguments) => {
          const result = typeof args.value === 'string' ? checkVin(args.value) : null;
          return result && !result.valid ? `vin: ${result.reason}` : 'vin must be a 17-character VIN';
        },
      },
    });
}

function IsPolishRegistrationNumber(): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isPolishRegistrationNumber',
      target: target.constructor,
      propertyName: property as string,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidRegistrationNumber(value),
        defaultMessage: () =>
          'registrationNumber must be a Polish registration number: 2-3 letters and 4-5 letters or digits',
      },
    });
}

/** A year no later than `ahead` years from now (judged when validated, not when loaded). */
function NotAfterYearsFromNow(ahead: number): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'notAfterYearsFromNow',
      target: target.constructor,
      propertyName: property as string,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && value <= new Date().getUTCFullYear() + ahead,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must not be later than ${new Date().getUTCFullYear() + ahead}`,
      },
    });
}

/** The kind decides the shape; an unknown kind is refused by this base's check. */
export class InsuredObjectDto {
  @ApiProperty({ enum: INSURED_OBJECT_KINDS })
  @IsIn(INSURED_OBJECT_KINDS)
  kind!: InsuredObjectKind;
}

export class InsuredVehicleDto extends InsuredObjectDto {
  @ApiProperty({ enum: ['vehicle'] })
  @IsIn(['vehicle'])
  declare kind: 'vehicle';

  @ApiProperty({
    example: '1M8GDM9AXKP042788',
    description:
      '17 characters without I, O, Q; when the 9th is a digit or X it is the ISO 3779 check digit and must match',
  })
  @Transform(upperNoSpaces(normaliseVin))
  @IsString()
  @IsVin()
  vin!: string;

  @ApiProperty({ example: 'BI12345', description: 'Polish plate; stored upper-case without spaces' })
  @Transform(upperNoSpaces(normaliseRegistrationNumber))
  @IsString()
  @IsPolishRegistrationNumber()
  registrationNumber!: string;

  @ApiProperty({ example: 'Škoda' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  @IsPlainText()
  make!: string;

  @ApiProperty({ example: 'Octavia' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  @IsPlainText()
  model!: string;

  @ApiProperty({ type: 'integer', example: 2019, description: 'Year of production: 1900 to next year' })
  @IsInt()
  @Min(1900)
  @NotAfterYearsFromNow(1)
  year!: number;
}

export class InsuredPropertyDto extends InsuredObjectDto {
  @ApiProperty({ enum: ['property'] })
  @IsIn(['property'])
  declare kind: 'property';

  @ApiProperty({ type: PostalAddressDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PostalAddressDto)
  address!: PostalAddressDto;

  @ApiProperty({
    type: 'integer',
    example: 1998,
    description: '1000 to five years ahead (a building under construction)',
  })
  @IsInt()
  @Min(1000)
  @NotAfterYearsFromNow(5)
  constructionYear!: number;

  @ApiProperty({ type: MoneyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  sumInsured!: MoneyDto;
}

export class InsuredPersonDto extends InsuredObjectDto {
  @ApiProperty({ enum: ['person'] })
  @IsIn(['person'])
  declare kind: 'person';

  @ApiProperty({ format: 'uuid', description: 'The insured person: a client visible to the caller' })
  @IsUUID()
  clientId!: string;
}

export type InsuredObjectInput = InsuredVehicleDto | InsuredPropertyDto | InsuredPersonDto;

/** class-transformer options that pick the DTO by `kind` (an unknown kind stays the base, and fails). */
export const INSURED_OBJECT_TYPE = {
  discriminator: {
    property: 'kind',
    subTypes: [
      { value: InsuredVehicleDto, name: 'vehicle' },
      { value: InsuredPropertyDto, name: 'property' },
      { value: InsuredPersonDto, name: 'person' },
    ],
  },
  keepDiscriminatorProperty: true,
};

export function storedInsuredObject(input: InsuredObjectInput): StoredInsuredObject {
  switch (input.kind) {
    case 'vehicle':
      return {
        kind: 'vehicle',
        vin: input.vin,
        registrationNumber: input.registrationNumber,
        make: input.make,
        model: input.model,
        year: input.year,
      };
    case 'property':
      return {
        kind: 'property',
        address: {
          street: input.address.street,
          postalCode: input.address.postalCode,
          city: input.address.city,
          country: input.address.country,
        },
        constructionYear: input.constructionYear,
        sumInsured: input.sumInsured.amount,
      };
    case 'person':
      return { kind: 'person', clientId: input.clientId };
  }
}

export function insuredObjectView(
  stored: StoredInsuredObject | null,
  currency: string,
): InsuredObjectView | null {
  if (!stored) return null;
  if (stored.kind === 'property')
    return { ...stored, sumInsured: { amount: Number(stored.sumInsured), currency: currency as 'PLN' } };
  return stored;
}

/**
 * SQL: the insured object held in the jsonb expression `expr` with what identifies a person taken
 * out (a VIN and a registration number identify the vehicle's keeper, an address its residents).
 */
export function erasedInsuredObjectSql(expr: string): string {
  return `CASE ${expr}->>'kind'
    WHEN 'vehicle' THEN ${expr} || '{"vin": null, "registrationNumber": null}'::jsonb
    WHEN 'property' THEN ${expr} || '{"address": null}'::jsonb
    ELSE ${expr} END`;
}
