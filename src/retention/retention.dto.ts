import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PURPOSES, Purpose } from '@app/privacy';
import type { DutyKind } from './retention-rules';
import { Transform } from 'class-transformer';
import { IsBoolean, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { IsPlainText } from '@app/common/validation/plain-text';
import { PageQueryDto } from '@app/common/http/pagination';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class PlaceLegalHoldDto {
  @ApiProperty({
    example: 'Claim 2026/041 against the insurer: documentation needed',
    description: 'Why the data must be kept (the claim)',
  })
  @Transform(trim)
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(3, 1000)
  reason!: string;
}

export class LegalHoldResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) placedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) placedBy!: string | null;
  @ApiProperty({ description: 'The purpose it was placed under' }) placedUnder!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) releasedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) releasedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was released' })
  releaseReason!: string | null;
}

export class ReleaseLegalHoldDto {
  @ApiPropertyOptional({
    example: 'Claim 2026/041 settled by the insurer',
    description: 'Why the data no longer needs to be kept for the claim',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(3, 1000)
  reason?: string;
}

export class SweepDto {
  @ApiProperty({ description: 'true: report what would happen and change nothing' })
  @IsBoolean()
  dryRun!: boolean;

  @ApiPropertyOptional({
    example: '2031-01-01',
    description: 'Decide as of this date or instant (default: now); after today only with dryRun: true',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

const DUTY_KINDS = [
  'legal_hold',
  'contract',
  'accounting',
  'consent',
  'recent_activity',
] as const satisfies readonly DutyKind[];

export class LegalHoldListDto {
  @ApiProperty({ type: [LegalHoldResponseDto], description: 'Every hold of the client, active and released' })
  items!: LegalHoldResponseDto[];
}

export class ActiveLegalHoldPageDto {
  @ApiProperty({
    type: [LegalHoldResponseDto],
    description: 'Active holds of the clients the caller sees, newest first',
  })
  items!: LegalHoldResponseDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last' })
  nextCursor!: string | null;
}

export class ListActiveLegalHoldsQueryDto extends PageQueryDto {}

class BilingualTextDto {
  @ApiProperty() en!: string;
  @ApiProperty() pl!: string;
}

export class RetentionPolicyDto {
  @ApiProperty({ enum: PURPOSES }) purpose!: Purpose;
  @ApiProperty({ description: 'What starts the clock', example: 'contract_end' }) from!: string;
  @ApiProperty({ type: 'integer' }) months!: number;
  @ApiProperty({ example: 'client and contract data' }) appliesTo!: string;
  @ApiProperty({ description: 'A duty under law' }) legalDuty!: boolean;
  @ApiProperty({ description: 'It prevails over an erasure request (art. 17 ust. 3 RODO)' })
  blocksErasure!: boolean;
  @ApiProperty({ type: BilingualTextDto }) description!: BilingualTextDto;
}

export class RetentionPoliciesDto {
  @ApiProperty({ type: [RetentionPolicyDto] }) items!: RetentionPolicyDto[];
}

class RetentionDutyDto {
  @ApiProperty({ enum: DUTY_KINDS }) kind!: DutyKind;
  @ApiProperty({ enum: PURPOSES }) purpose!: Purpose;
  @ApiProperty({ description: 'A duty under law or a legal hold: it prevails over erasure' }) legal!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When it ends (a day or an instant); null while it lasts',
  })
  until!: string | null;
  @ApiProperty({ type: BilingualTextDto }) rule!: BilingualTextDto;
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) holdIds?: string[];
}

class KeptClientDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ type: [RetentionDutyDto] }) duties!: RetentionDutyDto[];
}

class AnonymisedDto {
  @ApiProperty({ type: 'integer' }) count!: number;
  @ApiProperty({ type: [String], format: 'uuid' }) clientIds!: string[];
  @ApiProperty({ description: 'More were anonymised than are listed' }) truncated!: boolean;
}

class KeptDto {
  @ApiProperty({ type: 'integer' }) count!: number;
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(DUTY_KINDS.map((k) => [k, { type: 'integer' }])),
    description: 'Clients kept, per duty',
  })
  byDuty!: Partial<Record<DutyKind, number>>;
  @ApiProperty({ type: [KeptClientDto] }) items!: KeptClientDto[];
  @ApiProperty() truncated!: boolean;
}

class RecordRuleDto extends BilingualTextDto {
  @ApiProperty({ example: 'request_closed' }) from!: string;
  @ApiProperty({ type: 'integer' }) months!: number;
}

class ExpiredRecordsDto {
  @ApiProperty({ example: 'data_subject_request' }) name!: string;
  @ApiProperty({ enum: PURPOSES }) purpose!: Purpose;
  @ApiProperty({ type: RecordRuleDto }) rule!: RecordRuleDto;
  @ApiProperty({ format: 'date-time', description: 'Records older than this are deleted' }) before!: string;
  @ApiProperty({ type: 'integer' }) count!: number;
}

export class SweepReportDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) finishedAt!: string;
  @ApiProperty({ type: 'integer', description: 'Clients looked at' }) examined!: number;
  @ApiProperty({ type: AnonymisedDto }) anonymised!: AnonymisedDto;
  @ApiProperty({ type: KeptDto }) kept!: KeptDto;
  @ApiProperty({ type: [String], description: 'Steps outside the database that failed after an erasure' })
  cleanupFailures!: string[];
  @ApiProperty({ type: [ExpiredRecordsDto], description: 'Records kept for a purpose of their own' })
  records!: ExpiredRecordsDto[];
}
