import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import {
  IsBirthDate,
  IsCalendarDate,
  IsNormalisedEmail,
  IsNormalisedPhone,
  IsPersonName,
  IsPesel,
  PostalAddressDto,
  trimString,
} from '@app/common/validation/person-fields';
import { IsPlainText } from '@app/common/validation/plain-text';
import { LINES_OF_BUSINESS, LineOfBusiness } from '@app/privacy';
import { MANDATE_END_ACTIONS, MANDATE_FIELDS, MandateEndAction, MandateField } from './mandate-terms';

export class CreateMandateDto {
  @ApiProperty({ format: 'uuid', description: 'The insurer (controller) that entrusts the data' })
  @IsUUID()
  insurerId!: string;

  @ApiProperty({ example: 'UP/2026/017', description: "The entrustment agreement's reference" })
  @Transform(trimString)
  @IsString()
  @Length(1, 100)
  @IsPlainText()
  reference!: string;

  @ApiProperty({ example: '2026-01-01' })
  @IsCalendarDate()
  validFrom!: string;

  @ApiProperty({ example: '2026-12-31' })
  @IsCalendarDate()
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
  @ApiProperty({
    format: 'uuid',
    description: 'A staff member whose role may act under purpose insurer_mandate',
  })
  @IsUUID()
  staffId!: string;
}

export class ListMandatesQueryDto extends PageQueryDto {}

export class MandateResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) insurerId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty({ format: 'date' }) validTo!: string;
  @ApiProperty({ enum: MANDATE_FIELDS, isArray: true }) fields!: string[];
  @ApiProperty({ enum: MANDATE_END_ACTIONS }) endAction!: string;
  @ApiProperty({ enum: ['active', 'ended'] }) status!: string;
  @ApiProperty({ description: 'Whether today is within validFrom..validTo' }) inForce!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Staff ids of the members' })
  members!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MandateMemberResponseDto {
  @ApiProperty({ format: 'uuid' }) mandateId!: string;
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty({ format: 'date-time' }) addedAt!: string;
}

export class MandateAddressDto extends PostalAddressDto {}

/** Every field optional here; the mandate's `fields` decide which may be given (others: 403 `fields`). */
export class CreateMandateSubjectDto {
  @ApiPropertyOptional({ example: 'Jan' })
  @IsOptional()
  @IsPersonName()
  firstName?: string;

  @ApiPropertyOptional({ example: 'Kowalski' })
  @IsOptional()
  @IsPersonName()
  lastName?: string;

  @ApiPropertyOptional({ example: 'jan.kowalski@example.com' })
  @IsOptional()
  @IsNormalisedEmail()
  email?: string;

  @ApiPropertyOptional({ example: '+48600100200' })
  @IsOptional()
  @IsNormalisedPhone()
  phone?: string;

  @ApiPropertyOptional({ type: MandateAddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MandateAddressDto)
  address?: MandateAddressDto;

  @ApiPropertyOptional({ example: '1985-03-14' })
  @IsOptional()
  @IsBirthDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({
    example: '85031412345',
    description: '11 digits with a valid check digit; stored encrypted',
  })
  @IsOptional()
  @IsPesel()
  pesel?: string;
}

export class ListMandateSubjectsQueryDto extends PageQueryDto {}

export class MoneyDto {
  @ApiProperty({ type: 'integer', example: 123450, description: 'Minor units (grosze)' })
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
  @Transform(trimString)
  @IsString()
  @Length(1, 200)
  @IsPlainText()
  productName!: string;

  @ApiPropertyOptional({ example: 'POL/2026/000123' })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @Length(1, 100)
  @IsPlainText()
  policyNumber?: string;

  @ApiProperty({ example: '2026-02-01' })
  @IsCalendarDate()
  startDate!: string;

  @ApiProperty({ example: '2027-01-31' })
  @IsCalendarDate()
  endDate!: string;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  premium?: MoneyDto;
}

export class MandateSubjectResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Present only when the mandate lists it',
  })
  firstName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) email?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) phone?: string | null;
  @ApiPropertyOptional({ type: MandateAddressDto, nullable: true }) address?: MandateAddressDto | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' }) dateOfBirth?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) pesel?: string | null;
}

/** A contract intermediated for a subject; the contract fields are present when the purpose may read them. */
export class MandateContractResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) subjectId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ enum: LINES_OF_BUSINESS }) lineOfBusiness?: LineOfBusiness;
  @ApiPropertyOptional() productName?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) policyNumber?: string | null;
  @ApiPropertyOptional({ format: 'date' }) startDate?: string;
  @ApiPropertyOptional({ format: 'date' }) endDate?: string;
  @ApiPropertyOptional({ type: MoneyDto, nullable: true }) premium?: MoneyDto | null;
}

export class MandateSubjectDetailDto extends MandateSubjectResponseDto {
  @ApiProperty({ type: [MandateContractResponseDto] }) contracts!: MandateContractResponseDto[];
}

class ReturnedMandateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) insurerId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty({ format: 'date' }) validTo!: string;
  @ApiProperty({ enum: MANDATE_FIELDS, isArray: true }) fields!: string[];
}

/** Everything a mandate held, every stored field, handed back to the insurer (endAction "return"). */
export class MandateReturnDto {
  @ApiProperty({ enum: ['consentry.mandate-return.v1'] }) format!: string;
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ type: ReturnedMandateDto }) mandate!: ReturnedMandateDto;
  @ApiProperty({ type: [MandateSubjectDetailDto] }) subjects!: MandateSubjectDetailDto[];
}

class DeletedCountsDto {
  @ApiProperty({ type: 'integer' }) subjects!: number;
  @ApiProperty({ type: 'integer' }) contracts!: number;
}

export class MandateEndResponseDto {
  @ApiProperty({ format: 'uuid' }) mandateId!: string;
  @ApiProperty({ format: 'uuid' }) insurerId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: MANDATE_END_ACTIONS }) endAction!: string;
  @ApiProperty({ format: 'date-time' }) endedAt!: string;
  @ApiProperty({ type: DeletedCountsDto }) deleted!: DeletedCountsDto;
  @ApiPropertyOptional({ type: MandateReturnDto, description: 'With endAction "return" only' })
  export?: MandateReturnDto;
}
