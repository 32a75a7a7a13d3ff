import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { IsPlainText } from '@app/common/validation/plain-text';
import { MAX_AMOUNT, MoneyDto } from '../offers';
import { CLAIM_STATUSES, ClaimStatus } from './claim-workflow';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PERSONAL = 'Present only when the purpose may read it';

export class CreateClaimDto {
  @ApiProperty({ format: 'uuid', description: 'The contract the claim is made on' })
  @IsUUID()
  contractId!: string;

  @ApiPropertyOptional({ example: 'SZ/2026/00123', description: 'The insurer’s claim number, when known' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @IsPlainText()
  insurerClaimNumber?: string;

  @ApiProperty({
    example: '2026-11-20',
    description: 'The day of the loss: YYYY-MM-DD, not after today, within the cover',
  })
  @IsString()
  @Matches(DAY, { message: 'dateOfLoss must be YYYY-MM-DD' })
  @IsISO8601({ strict: true, strictSeparator: true })
  dateOfLoss!: string;

  @ApiProperty({ example: 'Stłuczka na parkingu, uszkodzony zderzak', description: 'What happened' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  @IsPlainText({ multiline: true })
  description!: string;

  @ApiPropertyOptional({ type: MoneyDto, description: 'What the client claims, in grosze' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  amountClaimed?: MoneyDto;
}

export class UpdateClaimDto {
  @ApiPropertyOptional({
    enum: CLAIM_STATUSES,
    description:
      'The next status: reported → in_assessment → paid | refused; withdrawn before a decision. Others: 409 CLAIM_TRANSITION_NOT_ALLOWED',
  })
  @IsOptional()
  @IsIn(CLAIM_STATUSES)
  status?: ClaimStatus;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    example: 250_000,
    description: 'Grosze the insurer paid; required with status paid, refused otherwise',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  amountPaid?: number;

  @ApiPropertyOptional({
    example: 'Rzeczoznawca obejrzał pojazd',
    description: 'A note kept in the claim’s history',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @IsPlainText({ multiline: true })
  note?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'An active legal hold of the claim’s client where a dispute needs one; null unlinks it',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  legalHoldId?: string | null;
}

export class ListClaimsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Claims on this contract' })
  @IsOptional()
  @IsUUID()
  contractId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Claims of this client' })
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ enum: CLAIM_STATUSES })
  @IsOptional()
  @IsIn(CLAIM_STATUSES)
  status?: ClaimStatus;
}

export class ClaimHistoryEntryDto {
  @ApiProperty({ example: '2026-12-01T10:00:00.000Z' }) at!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) by!: string | null;
  @ApiProperty({ enum: CLAIM_STATUSES, nullable: true, type: String }) from!: ClaimStatus | null;
  @ApiProperty({ enum: CLAIM_STATUSES }) to!: ClaimStatus;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
}

export class ClaimResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ enum: CLAIM_STATUSES }) status!: ClaimStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) legalHoldId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: PERSONAL }) insurerClaimNumber?:
    string | null;
  @ApiPropertyOptional({ example: '2026-11-20', description: PERSONAL }) dateOfLoss?: string;
  @ApiPropertyOptional({ description: PERSONAL }) description?: string;
  @ApiPropertyOptional({ type: MoneyDto, nullable: true, description: PERSONAL })
  amountClaimed?: MoneyDto | null;
  @ApiPropertyOptional({ type: MoneyDto, nullable: true, description: PERSONAL })
  amountPaid?: MoneyDto | null;
  @ApiPropertyOptional({
    type: [ClaimHistoryEntryDto],
    description: `Each change of status, oldest first. ${PERSONAL}`,
  })
  history?: ClaimHistoryEntryDto[];
  @ApiPropertyOptional({ description: 'The contract’s policy number, where the purpose reads it' })
  policyNumber?: string;
  @ApiProperty({ enum: CLAIM_STATUSES, isArray: true, description: 'The statuses the claim may move to now' })
  allowedTransitions!: ClaimStatus[];
}

export class ClaimPageDto {
  @ApiProperty({ type: [ClaimResponseDto], description: 'Newest first' }) items!: ClaimResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
