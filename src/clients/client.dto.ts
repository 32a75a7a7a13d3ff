import type { Language } from '@app/common/locale/polish';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import {
  IsBirthDate,
  IsNormalisedEmail,
  IsNormalisedPhone,
  IsPersonName,
  IsPesel,
  PostalAddressDto,
  toNormalisedEmail,
  trimString,
} from '@app/common/validation/person-fields';
import { IsKrs, IsNip, IsRegon } from '@app/common/validation/company-fields';
import { IsPlainText } from '@app/common/validation/plain-text';
import { CLIENT_KINDS, ClientKind } from './client-row';

export class AddressDto extends PostalAddressDto {}

const isCompany = (o: { kind?: ClientKind }) => o.kind === 'company';

export class CreateClientDto {
  @ApiPropertyOptional({ enum: CLIENT_KINDS, description: 'A person when absent' })
  @IsOptional()
  @IsIn(CLIENT_KINDS)
  kind?: ClientKind;

  @ApiPropertyOptional({ example: 'Jan', description: 'Required for a person; a company has none' })
  @ValidateIf((o: CreateClientDto) => !isCompany(o))
  @IsPersonName()
  firstName?: string;

  @ApiPropertyOptional({ example: 'Kowalski', description: 'Required for a person; a company has none' })
  @ValidateIf((o: CreateClientDto) => !isCompany(o))
  @IsPersonName()
  lastName?: string;

  @ApiPropertyOptional({ example: 'Przykład sp. z o.o.', description: 'Required for a company' })
  @ValidateIf(isCompany)
  @Transform(trimString)
  @IsString()
  @Length(1, 300)
  @IsPlainText()
  companyName?: string;

  @ApiPropertyOptional({
    example: '5260251049',
    description: 'Required for a company: 10 digits (dashes and spaces ignored) with a valid check digit',
  })
  @ValidateIf(isCompany)
  @IsNip()
  nip?: string;

  @ApiPropertyOptional({
    example: '012345675',
    description: 'Required for a company: 9 or 14 digits with a valid check digit',
  })
  @ValidateIf(isCompany)
  @IsRegon()
  regon?: string;

  @ApiPropertyOptional({ example: '0000012345', description: 'A company’s KRS number, 10 digits' })
  @ValidateIf((o: CreateClientDto, v) => isCompany(o) && v !== undefined)
  @IsKrs()
  krs?: string;

  @ApiPropertyOptional({ example: 'jan.kowalski@example.com' })
  @IsOptional()
  @IsNormalisedEmail()
  email?: string;

  @ApiPropertyOptional({ example: '+48600100200' })
  @IsOptional()
  @IsNormalisedPhone()
  phone?: string;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({ example: '1985-03-14' })
  @IsOptional()
  @IsBirthDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({ example: '85031412345', description: '11 digits with a valid check digit' })
  @IsOptional()
  @IsPesel()
  pesel?: string;

  @ApiPropertyOptional({
    enum: ['pl', 'en'],
    description: 'The language mail to the client is written in (Polish when not given)',
  })
  @IsOptional()
  @IsIn(['pl', 'en'])
  language?: Language;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "The team whose portfolio takes the client; by default the creating staff member's team",
  })
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

/** Every field optional; null clears an optional field (the names are required: null is refused). */
export class UpdateClientDto {
  @ApiPropertyOptional({ description: 'A company’s name (companies only)' })
  @ValidateIf((_, v) => v !== undefined)
  @Transform(trimString)
  @IsString()
  @Length(1, 300)
  @IsPlainText()
  companyName?: string;

  @ApiPropertyOptional({
    description: 'A company’s NIP (companies only): 10 digits with a valid check digit; null is refused',
  })
  @ValidateIf((_, v) => v !== undefined)
  @IsNip()
  nip?: string;

  @ApiPropertyOptional({
    description:
      'A company’s REGON (companies only): 9 or 14 digits with a valid check digit; null is refused',
  })
  @ValidateIf((_, v) => v !== undefined)
  @IsRegon()
  regon?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A company’s KRS number (companies only), 10 digits; null clears it',
  })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsKrs()
  krs?: string | null;

  @ApiPropertyOptional()
  @ValidateIf((_, v) => v !== undefined)
  @IsPersonName()
  firstName?: string;

  @ApiPropertyOptional()
  @ValidateIf((_, v) => v !== undefined)
  @IsPersonName()
  lastName?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsNormalisedEmail()
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsNormalisedPhone()
  phone?: string | null;

  @ApiPropertyOptional({ type: AddressDto, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsBirthDate()
  dateOfBirth?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsPesel()
  pesel?: string | null;

  @ApiPropertyOptional({
    enum: ['pl', 'en'],
    description: 'The language mail to the client is written in (Polish when not given)',
  })
  @ValidateIf((_, v) => v !== undefined)
  @IsIn(['pl', 'en'])
  language?: Language;
}

export const CLIENT_SORTS = ['createdAt', 'lastName'] as const;

export class ListClientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description:
      'Beginning of the first or last name, ignoring case and Polish diacritics ("wisn" finds "Wiśniewska", ' +
      '"lukasz" finds "Łukasz"); several words must each begin one of them (needs both readable)',
    example: 'wisn',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @IsPlainText()
  q?: string;

  @ApiPropertyOptional({ description: 'Exact e-mail (needs email readable)' })
  @IsOptional()
  @Transform(toNormalisedEmail)
  @IsString()
  @MaxLength(254)
  @IsPlainText()
  email?: string;

  @ApiPropertyOptional({ description: 'Exact PESEL (needs pesel readable); found through a keyed hash' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{11}$/, { message: 'pesel must be 11 digits' })
  pesel?: string;

  @ApiPropertyOptional({
    description: 'Phone number (needs phone readable); spaces, dashes and the +48 prefix do not matter',
    example: '601 234 567',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[\d\s()-]{9,20}$/, { message: 'phone must be 9 to 15 digits' })
  phone?: string;

  @ApiPropertyOptional({
    enum: CLIENT_SORTS,
    default: 'createdAt',
    description: 'createdAt: newest first; lastName: Polish alphabetical order (Ł after L, Ż last)',
  })
  @IsOptional()
  @IsIn(CLIENT_SORTS)
  sort?: (typeof CLIENT_SORTS)[number];
}

/** A client as it leaves under a purpose: the personal fields are present only when the purpose may read them. */
export class ClientResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['active', 'anonymised'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'Processing restricted (art. 18 RODO)' }) restricted!: boolean;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The team whose portfolio holds the client',
  })
  teamId!: string | null;
  @ApiProperty({ enum: CLIENT_KINDS }) kind!: string;
  @ApiPropertyOptional({ enum: ['pl', 'en'], description: 'The language mail to the client is written in' })
  language?: Language;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A company’s register data (not personal data): present on companies only',
  })
  companyName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) nip?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) regon?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) krs?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Present only when the purpose may read it, and on persons only',
  })
  firstName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) email?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) phone?: string | null;
  @ApiPropertyOptional({ type: AddressDto, nullable: true }) address?: AddressDto | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' }) dateOfBirth?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) pesel?: string | null;
}
