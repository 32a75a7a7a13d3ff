import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { IsPlainText } from '@app/common/validation/plain-text';
import { PURPOSES } from '@app/privacy';

export const ACTIVITY_KINDS = ['call', 'meeting', 'note'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const PERSONAL = 'Present only when the purpose may read it';

export class CreateActivityDto {
  @ApiProperty({ enum: ACTIVITY_KINDS, description: 'A call, a meeting or a note' })
  @IsIn(ACTIVITY_KINDS)
  kind!: ActivityKind;

  @ApiProperty({
    example: '2026-12-02T10:30:00Z',
    description: 'When it happened (ISO 8601 with a zone); not in the future',
  })
  @IsString()
  @Matches(INSTANT, { message: 'at must be an ISO 8601 instant with a zone' })
  @IsISO8601({ strict: true })
  at!: string;

  @ApiProperty({
    example: 'Klient zainteresowany ofertą AC na nowy samochód',
    description: 'What was said or agreed',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  @IsPlainText({ multiline: true })
  summary!: string;
}

export class ListActivitiesQueryDto extends PageQueryDto {}

export class ActivityResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ enum: ACTIVITY_KINDS }) kind!: ActivityKind;
  @ApiProperty({
    enum: PURPOSES,
    description: 'The purpose it was recorded under, and the only one it is seen under',
  })
  purpose!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy!: string | null;
  @ApiPropertyOptional({ example: '2026-12-02T10:30:00.000Z', description: PERSONAL }) at?: string;
  @ApiPropertyOptional({ description: PERSONAL }) summary?: string;
}

export class ActivityPageDto {
  @ApiProperty({ type: [ActivityResponseDto], description: 'Newest first' }) items!: ActivityResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
