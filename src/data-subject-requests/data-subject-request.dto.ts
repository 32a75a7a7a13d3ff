import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { IsPlainText as HasPlainTextCharacters } from '@app/common/validation/plain-text';
import { CHANNELS, CONSENT_PURPOSES, Channel, ConsentPurpose } from '@app/privacy';
import { UpdateClientDto } from '../clients';
import { DeliveryDto } from './complete-request.dto';

export type { DeliveryChannel } from './complete-request.dto';

export const DATA_SUBJECT_REQUEST_TYPES = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'objection',
  'portability',
  'withdraw_consent',
] as const;
export type DataSubjectRequestType = (typeof DATA_SUBJECT_REQUEST_TYPES)[number];

export const DATA_SUBJECT_REQUEST_STATUSES = ['open', 'referred', 'done', 'rejected'] as const;
export type DataSubjectRequestStatus = (typeof DATA_SUBJECT_REQUEST_STATUSES)[number];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * Free text typed by staff (reasons, notes): trimmed, a string, plain text (multi-line unless
 * `singleLine`), within the length bounds (no lower bound when `min` is 0). The parts are applied
 * in the order stacked decorators are (the last first), which keeps the order of the messages in a 400.
 */
function IsPlainText(min: number, max: number, singleLine = false): PropertyDecorator {
  return applyDecorators(
    min > 0 ? Length(min, max) : MaxLength(max),
    HasPlainTextCharacters({ multiline: !singleLine }),
    IsString(),
    Transform(trim),
  );
}
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateDataSubjectRequestDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The broker’s own client the request is about (or mandateSubjectId)',
  })
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A person processed for an insurer: the request is referred to the insurer',
  })
  @IsOptional()
  @IsUUID()
  mandateSubjectId?: string;

  @ApiProperty({ enum: DATA_SUBJECT_REQUEST_TYPES })
  @IsIn(DATA_SUBJECT_REQUEST_TYPES)
  type!: DataSubjectRequestType;

  @ApiPropertyOptional({
    example: '2026-01-31',
    description: 'Date of receipt (default: today in Poland); the answer is due one month later',
  })
  @IsOptional()
  @Matches(DATE, { message: 'receivedAt must be a date YYYY-MM-DD' })
  receivedAt?: string;

  @ApiPropertyOptional({ description: 'How the request arrived and what it asks for' })
  @IsOptional()
  @IsPlainText(0, 2000)
  notes?: string;
}

export class ExtendDataSubjectRequestDto {
  @ApiProperty({ description: 'Why more time is needed (art. 12(3): complexity and number of requests)' })
  @IsPlainText(3, 2000)
  reason!: string;
}

export class VerifyIdentityDto {
  @ApiProperty({ example: 'id_document_in_person', description: 'How the person’s identity was confirmed' })
  @IsPlainText(2, 100, true)
  method!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsPlainText(0, 2000)
  notes?: string;
}

export class RejectDataSubjectRequestDto {
  @ApiProperty({ description: 'Why the request is refused (told to the person, with the right to complain)' })
  @IsPlainText(3, 2000)
  reason!: string;
}

export class ConsentRefDto {
  @ApiProperty({ enum: CONSENT_PURPOSES })
  @IsIn(CONSENT_PURPOSES)
  purpose!: ConsentPurpose;

  @ApiPropertyOptional({ enum: CHANNELS, description: 'Omitted: every channel of the purpose' })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;
}

export class ExecuteDataSubjectRequestDto {
  @ApiPropertyOptional({ type: UpdateClientDto, description: 'rectification: the corrected fields' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateClientDto)
  changes?: UpdateClientDto;

  @ApiPropertyOptional({ type: [ConsentRefDto], description: 'withdraw_consent: the consents to withdraw' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ConsentRefDto)
  consents?: ConsentRefDto[];
}

export class ListDataSubjectRequestsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DATA_SUBJECT_REQUEST_STATUSES })
  @IsOptional()
  @IsIn(DATA_SUBJECT_REQUEST_STATUSES)
  status?: DataSubjectRequestStatus;

  @ApiPropertyOptional({ enum: DATA_SUBJECT_REQUEST_TYPES })
  @IsOptional()
  @IsIn(DATA_SUBJECT_REQUEST_TYPES)
  type?: DataSubjectRequestType;

  @ApiPropertyOptional({ description: 'true: only open requests past their due date' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
}

export class ReportQueryDto {
  @ApiPropertyOptional({
    enum: ['json', 'html', 'pdf'],
    default: 'json',
    description: 'json: the data; html: a printable page; pdf: the document to send to the person',
  })
  @IsOptional()
  @IsIn(['json', 'html', 'pdf'])
  format?: 'json' | 'html' | 'pdf';

  @ApiPropertyOptional({
    enum: ['pl', 'en'],
    description: 'Language of the html and pdf documents (default: the person’s language of correspondence)',
  })
  @IsOptional()
  @IsIn(['pl', 'en'])
  lang?: 'pl' | 'en';
}

/** A mandate subject's request goes to the insurer, its controller. */
export class ReferralDto {
  @ApiProperty({ format: 'uuid' }) insurerId!: string;
  @ApiProperty() insurerName!: string;
  @ApiProperty({ description: 'Where the insurer takes such requests' }) dsrContactEmail!: string;
  @ApiProperty({ format: 'date-time' }) referredAt!: string;
}

export class DataSubjectRequestCreatedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: DATA_SUBJECT_REQUEST_STATUSES }) status!: DataSubjectRequestStatus;
  @ApiProperty({ example: '2026-02-28', format: 'date' }) dueAt!: string;
}

export class DataSubjectRequestIntakeDto extends DataSubjectRequestCreatedDto {
  @ApiPropertyOptional({ type: ReferralDto, description: 'Only when the request was referred to an insurer' })
  referral?: ReferralDto;
}

class ExtensionDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) by!: string | null;
}

class IdentityCheckDto {
  @ApiProperty({ format: 'date-time' }) verifiedAt!: string;
  @ApiProperty() method!: string;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) by!: string | null;
}

export class DataSubjectRequestResponseDto extends DataSubjectRequestCreatedDto {
  @ApiProperty({ enum: DATA_SUBJECT_REQUEST_TYPES }) type!: DataSubjectRequestType;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) clientId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) mandateSubjectId!: string | null;
  @ApiProperty({ format: 'date' }) receivedAt!: string;
  @ApiProperty({ description: 'Still open after its due date' }) overdue!: boolean;
  @ApiProperty({ description: 'The one extension of art. 12(3) was used' }) extended!: boolean;
  @ApiProperty({ type: ExtensionDto, nullable: true }) extension!: {
    at: string;
    reason: string;
    by: string | null;
  } | null;
  @ApiProperty({ type: IdentityCheckDto, nullable: true }) identity!: {
    verifiedAt: string;
    method: string;
    notes: string | null;
    by: string | null;
  } | null;
  @ApiProperty({
    type: ReferralDto,
    nullable: true,
    description: 'A mandate subject’s request: the insurer it went to',
  })
  referral!: Record<string, unknown> | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'What executing the request did. An erasure refused on grounds of art. 17(3): action "erasure_refused", ' +
      "grounds [{basis (the registry's legal basis), basisPl, purpose, until (YYYY-MM-DD; null for a legal hold)}], " +
      'visibleUnder (the purposes that still see the person), withdrawnConsents, erasureDueAfter.',
  })
  outcome!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) rejectionReason!: string | null;
  @ApiProperty({ type: DeliveryDto, nullable: true, description: 'How the answer reached the person' })
  delivery!: DeliveryDto | null;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
