import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class RunRemindersDto {
  @ApiPropertyOptional({
    example: '2026-06-01',
    description: 'The day to scan (default: today in REMINDER_TIME_ZONE); not in the future',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DAY, { message: 'date must be YYYY-MM-DD' })
  date?: string;
}

export class RunRemindersResponseDto {
  @ApiProperty({ example: '2026-06-01' }) date!: string;
  @ApiProperty({ type: 'integer', description: 'Reminders newly queued for sending' }) enqueued!: number;
  @ApiProperty({ type: 'integer', description: 'Reminders whose day had passed (not sent)' }) missed!: number;
}

const END_DATE_ONLY = 'Only under a purpose that may read the contract’s end date (it reveals it)';

export class ContractReminderDto {
  @ApiPropertyOptional({ type: 'integer', description: END_DATE_ONLY }) leadDays?: number;
  @ApiPropertyOptional({ example: '2026-06-01', description: END_DATE_ONLY }) dueOn?: string;
  @ApiPropertyOptional({ example: '2026-07-01', description: END_DATE_ONLY }) endDate?: string;
  @ApiProperty({ enum: ['queued', 'sending', 'sent', 'skipped', 'failed'] }) status!: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When it was sent (or finally skipped or failed)',
  })
  finishedAt?: string;
}

/** Job payloads, validated before a handler runs. */
export class ReminderScanPayload {
  /** A specific day; without it the scan catches up from the last scanned day to today. */
  @IsOptional() @Matches(DAY) date?: string;
}

export class ReminderSendPayload {
  @IsUUID() reminderId!: string;
}
