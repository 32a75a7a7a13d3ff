import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { IsPlainText } from '@app/common/validation/plain-text';
import { PURPOSES } from '@app/privacy';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PERSONAL = 'Present only when the purpose may read it';
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const TASK_KINDS = ['manual', 'renewal_call', 'instalment_overdue', 'document_missing'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export class CreateTaskDto {
  @ApiProperty({ format: 'uuid', description: 'The client the task is about' })
  @IsUUID()
  clientId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A contract of that client the task is about' })
  @IsOptional()
  @IsUUID()
  contractId?: string;

  @ApiProperty({ example: 'Oddzwonić w sprawie oferty AC', description: 'What is to be done' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsPlainText()
  title!: string;

  @ApiPropertyOptional({ example: 'Klient prosi o kontakt po 16:00' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsPlainText({ multiline: true })
  description?: string;

  @ApiPropertyOptional({ example: '2026-12-10', description: 'By when: YYYY-MM-DD' })
  @IsOptional()
  @IsString()
  @Matches(DAY, { message: 'dueDate must be YYYY-MM-DD' })
  @IsISO8601({ strict: true, strictSeparator: true })
  dueDate?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An active broker; default: the one creating it' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;
}

export class UpdateTaskDto {
  @ApiPropertyOptional({
    enum: TASK_STATUSES,
    description: 'done completes it, cancelled drops it, open reopens it',
  })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'An active broker to assign it to; null leaves it to the team',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({ example: 'Oddzwonić w sprawie oferty AC' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsPlainText()
  title?: string;

  @ApiPropertyOptional({ example: '2026-12-10', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @Matches(DAY, { message: 'dueDate must be YYYY-MM-DD' })
  @IsISO8601({ strict: true, strictSeparator: true })
  dueDate?: string | null;
}

export class ListTasksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: '`me`: assigned to me; `unassigned`: left to the team; or a staff member’s id',
    example: 'me',
  })
  @IsOptional()
  @IsString()
  @ValidateIf((_o, v) => v !== 'me' && v !== 'unassigned')
  @Matches(UUID, { message: 'assignee must be me, unassigned or a staff id' })
  assignee?: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ enum: TASK_KINDS })
  @IsOptional()
  @IsIn(TASK_KINDS)
  kind?: TaskKind;
}

export class RunTaskScanDto {
  @ApiPropertyOptional({
    example: '2026-06-01',
    description: 'The day to scan (default: today); not in the future',
  })
  @IsOptional()
  @IsString()
  @Matches(DAY, { message: 'date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true, strictSeparator: true })
  date?: string;
}

export class TaskScanResponseDto {
  @ApiProperty({ example: '2026-06-01' }) date!: string;
  @ApiProperty({
    type: 'integer',
    description: 'Renewal calls newly due (contracts ending within the window)',
  })
  renewalCalls!: number;
  @ApiProperty({ type: 'integer', description: 'Overdue instalments newly to be chased' })
  overdueInstalments!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Running contracts newly found without a policy document',
  })
  missingDocuments!: number;
}

export class TaskResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) contractId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) instalmentId!: string | null;
  @ApiProperty({ enum: TASK_KINDS }) kind!: TaskKind;
  @ApiProperty({ enum: PURPOSES, description: 'The purpose it serves, and the only one it is seen under' })
  purpose!: string;
  @ApiProperty({ enum: TASK_STATUSES }) status!: TaskStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigneeId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) completedAt!: string | null;
  @ApiPropertyOptional({ description: PERSONAL }) title?: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: PERSONAL }) description?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-12-10', description: PERSONAL })
  dueDate?: string | null;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskResponseDto], description: 'Open first, then by due date' })
  items!: TaskResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** Job payload of the daily scan, validated before the handler runs. */
export class TaskScanPayload {
  @IsOptional() @Matches(DAY) date?: string;
}
