import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { IsPlainText } from '@app/common/validation/plain-text';

export const DUPLICATE_REVIEW_STATUSES = ['open', 'resolved'] as const;
export type DuplicateReviewStatus = (typeof DUPLICATE_REVIEW_STATUSES)[number];
/** requester_informed: the DPO told the requester how to proceed; no_action: nothing to do. */
export const DUPLICATE_REVIEW_RESOLUTIONS = ['requester_informed', 'no_action'] as const;
export type DuplicateReviewResolution = (typeof DUPLICATE_REVIEW_RESOLUTIONS)[number];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A DPO's multi-line note: the house's one plain-text rule, trimmed. */
function IsNoteText(max: number): PropertyDecorator {
  return applyDecorators(MaxLength(max), IsPlainText({ multiline: true }), IsString(), Transform(trim));
}

export class ListDuplicateReviewsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DUPLICATE_REVIEW_STATUSES })
  @IsOptional()
  @IsIn(DUPLICATE_REVIEW_STATUSES)
  status?: DuplicateReviewStatus;
}

export class ResolveDuplicateReviewDto {
  @ApiProperty({ enum: DUPLICATE_REVIEW_RESOLUTIONS })
  @IsIn(DUPLICATE_REVIEW_RESOLUTIONS)
  resolution!: DuplicateReviewResolution;

  @ApiPropertyOptional({ description: 'What was done and why (no personal values)' })
  @IsOptional()
  @IsNoteText(2000)
  note?: string;
}

export class DuplicateReviewResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The client already holding the PESEL' }) clientId!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The client being edited, when the attempt was an update',
  })
  attemptedOn!: string | null;
  @ApiProperty({ format: 'uuid', description: 'The staff member who tried' }) requestedBy!: string;
  @ApiProperty({ description: 'The purpose under which they tried' }) requestedUnder!: string;
  @ApiProperty({
    type: 'integer',
    description: 'Attempts by that staff member on that client while the review was open',
  })
  attempts!: number;
  @ApiProperty({ enum: DUPLICATE_REVIEW_STATUSES }) status!: DuplicateReviewStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) lastAttemptAt!: string;
  @ApiProperty({ enum: DUPLICATE_REVIEW_RESOLUTIONS, nullable: true })
  resolution!: DuplicateReviewResolution | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) resolvedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resolvedAt!: string | null;
}

export class DuplicateReviewPageDto {
  @ApiProperty({ type: [DuplicateReviewResponseDto] }) items!: DuplicateReviewResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
