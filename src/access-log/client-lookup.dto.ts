import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, ValidateBy, ValidationOptions, IsOptional } from 'class-validator';
import { checkPesel } from '@app/common/validation/pesel';
import { ROLES } from '@app/privacy';

/** Letters of a name (any script, with their combining marks), separated by spaces, hyphens, apostrophes or dots. */
const NAME = /^(?=(?:.*\p{L}){2})[\p{L}\p{M}][\p{L}\p{M} .'’-]{0,99}$/u;

/** Eleven digits that make a valid PESEL, or a name of at least two letters. */
function IsNameOrPesel(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNameOrPesel',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          (/^\d{11}$/.test(value) ? checkPesel(value).valid : NAME.test(value) && !/\s{2,}/.test(value)),
        defaultMessage: () =>
          'q must be a name (at least two letters: letters, spaces, hyphens, apostrophes) or a valid PESEL',
      },
    },
    options,
  );
}

export class ClientLookupQueryDto {
  @ApiProperty({
    description:
      'A name (first name, last name or a company’s name, each word matched from its start, case and ' +
      'Polish diacritics ignored) or a PESEL (11 digits). Never recorded or logged.',
    example: 'Wiśniewska',
    minLength: 2,
    maxLength: 100,
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNameOrPesel()
  q!: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 50, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class ClientLookupMatchDto {
  @ApiProperty({ format: 'uuid', description: 'The id to filter the record by (clientId)' }) id!: string;
  @ApiProperty({ enum: ['person', 'company'] }) kind!: 'person' | 'company';
  @ApiProperty({ enum: ['active', 'anonymised'] }) status!: 'active' | 'anonymised';
  @ApiProperty({ description: 'Processing restricted (art. 18)' }) restricted!: boolean;
  @ApiProperty({ format: 'date-time', description: 'When the client was registered' }) createdAt!: string;
}

export class ClientLookupResponseDto {
  @ApiProperty({ enum: ['name', 'pesel'], description: 'Which the query was taken for' })
  matchedBy!: 'name' | 'pesel';
  @ApiProperty({
    type: [ClientLookupMatchDto],
    description: 'Matching clients, newest first: ids and flags only, no name or PESEL',
  })
  items!: ClientLookupMatchDto[];
  @ApiProperty({ description: 'More clients matched than are listed; narrow the name' }) truncated!: boolean;
}

export class RecordActorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Full name of the staff member' }) fullName!: string;
  @ApiProperty({ enum: ROLES }) role!: (typeof ROLES)[number];
  @ApiProperty({ description: 'Whether the account is active now' }) active!: boolean;
}

export class RecordActorsResponseDto {
  @ApiProperty({
    type: [RecordActorDto],
    description: 'Every staff member who may appear in the record as the one who acted, by name',
  })
  items!: RecordActorDto[];
}
