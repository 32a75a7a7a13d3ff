import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { MAX_AMOUNT, MoneyDto } from '../offers';
import { INSTALMENT_COUNTS, INSTALMENT_STATUSES, InstalmentCount } from './schedule';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class CreateScheduleDto {
  @ApiProperty({
    type: 'integer',
    enum: INSTALMENT_COUNTS,
    example: 4,
    description:
      'Instalments of the premium: 1, 2, 4 or 12, due every 12 / count months from the start date. ' +
      'A schedule is made anew only while nothing of it is paid (409 SCHEDULE_HAS_PAYMENTS).',
  })
  @IsIn(INSTALMENT_COUNTS, { message: 'count must be 1, 2, 4 or 12' })
  count!: InstalmentCount;
}

export class RecordPaymentDto {
  @ApiProperty({ example: '2026-12-01', description: 'The day it was paid: YYYY-MM-DD, not after today' })
  @IsString()
  @Matches(DAY, { message: 'paidAt must be YYYY-MM-DD' })
  @IsISO8601({ strict: true, strictSeparator: true })
  paidAt!: string;

  @ApiProperty({
    type: 'integer',
    example: 25_000,
    minimum: 1,
    description:
      'Grosze paid (an integer above 0); payments add up, the instalment is paid once they reach it',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT)
  amount!: number;
}

export class ListInstalmentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only instalments due before today and not paid in full',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false], { message: 'overdue must be true or false' })
  overdue?: boolean;
}

export class RunInstalmentRemindersDto {
  @ApiPropertyOptional({
    example: '2026-06-01',
    description: 'The day to scan (default: today in the broker’s calendar); not in the future',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DAY, { message: 'date must be YYYY-MM-DD' })
  date?: string;
}

export class RunInstalmentRemindersResponseDto {
  @ApiProperty({ example: '2026-06-01' }) date!: string;
  @ApiProperty({ type: 'integer', description: 'Reminders newly queued for sending' }) enqueued!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Overdue instalments whose client may not get one (no e-mail address, restricted)',
  })
  skipped!: number;
}

const PERSONAL = 'Present only when the purpose may read it';

export class InstalmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ type: 'integer', example: 1 }) number!: number;
  @ApiProperty({ type: 'integer', enum: INSTALMENT_COUNTS }) count!: number;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ example: '2026-12-01', description: PERSONAL }) dueDate?: string;
  @ApiPropertyOptional({ type: MoneyDto, description: PERSONAL }) amount?: MoneyDto;
  @ApiPropertyOptional({ type: MoneyDto, description: `What was paid so far. ${PERSONAL}` })
  paidAmount?: MoneyDto;
  @ApiPropertyOptional({ nullable: true, type: String, description: `The latest payment’s day. ${PERSONAL}` })
  paidAt?: string | null;
  @ApiPropertyOptional({ enum: INSTALMENT_STATUSES, description: PERSONAL }) status?: string;
}

export class ScheduleResponseDto {
  @ApiProperty({ type: [InstalmentResponseDto], description: 'First instalment first' })
  items!: InstalmentResponseDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: a schedule is one page' })
  nextCursor!: string | null;
}

export class InstalmentContractDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ description: PERSONAL }) policyNumber?: string;
}

export class InstalmentListItemDto extends InstalmentResponseDto {
  @ApiProperty({
    type: InstalmentContractDto,
    description: 'The contract; its policy number only where the purpose reads it',
  })
  contract!: InstalmentContractDto;
}

export class InstalmentPageDto {
  @ApiProperty({ type: [InstalmentListItemDto], description: 'Oldest due date first' })
  items!: InstalmentListItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** Job payloads, validated before a handler runs. */
export class InstalmentReminderScanPayload {
  /** A specific day; without it, today. */
  @IsOptional() @Matches(DAY) date?: string;
}

export class InstalmentReminderSendPayload {
  @IsUUID() reminderId!: string;
}
