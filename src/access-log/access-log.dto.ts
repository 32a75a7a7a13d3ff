import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { AUDIT_ACTIONS } from '@app/audit';
import { PURPOSES } from '@app/privacy';
import type { AnomalyKind } from './anomalies.service';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A bare date means midnight UTC; every other timestamp must carry its offset. */
const toInstant = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? `${value.trim()}T00:00:00Z` : value;

const INSTANT_MESSAGE = 'must be an ISO 8601 timestamp with an offset (e.g. 2025-01-31T08:00:00Z) or a date';

export class AccessLogFilterDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Staff member who acted' })
  @IsOptional()
  @IsUUID('all')
  actorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Data subject (client) the operation touched' })
  @IsOptional()
  @IsUUID('all')
  clientId?: string;

  @ApiPropertyOptional({ enum: PURPOSES })
  @IsOptional()
  @IsIn(PURPOSES)
  purpose?: string;

  @ApiPropertyOptional({ description: `Operation, e.g. ${AUDIT_ACTIONS.join(', ')}` })
  @IsOptional()
  @Matches(/^[a-z_]{1,40}$/, { message: 'action must be an operation name such as read or export' })
  action?: string;

  @ApiPropertyOptional({ enum: ['allowed', 'denied'] })
  @IsOptional()
  @IsIn(['allowed', 'denied'])
  outcome?: 'allowed' | 'denied';

  @ApiPropertyOptional({ description: 'What was touched, e.g. client, consent, access_log' })
  @IsOptional()
  @Matches(/^[a-z_]{1,60}$/, { message: 'resource must be a resource name such as client' })
  resource?: string;

  @ApiPropertyOptional({
    description: 'From this instant (inclusive), ISO 8601',
    example: '2025-01-01T00:00:00Z',
  })
  @IsOptional()
  @Transform(toInstant)
  @IsISO8601({ strict: true }, { message: `from ${INSTANT_MESSAGE}` })
  @Matches(INSTANT, { message: `from ${INSTANT_MESSAGE}` })
  from?: string;

  @ApiPropertyOptional({
    description: 'Up to this instant (exclusive), ISO 8601',
    example: '2025-02-01T00:00:00Z',
  })
  @IsOptional()
  @Transform(toInstant)
  @IsISO8601({ strict: true }, { message: `to ${INSTANT_MESSAGE}` })
  @Matches(INSTANT, { message: `to ${INSTANT_MESSAGE}` })
  to?: string;
}

export class ListAccessLogQueryDto extends IntersectionType(PageQueryDto, AccessLogFilterDto) {}

export class ExportAccessLogQueryDto extends AccessLogFilterDto {
  @ApiPropertyOptional({ enum: ['csv'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv'])
  format?: 'csv';
}

export class AnomaliesQueryDto {
  @ApiPropertyOptional({ description: 'Start (inclusive); default 24 hours before `to`' })
  @IsOptional()
  @Transform(toInstant)
  @IsISO8601({ strict: true }, { message: `from ${INSTANT_MESSAGE}` })
  @Matches(INSTANT, { message: `from ${INSTANT_MESSAGE}` })
  from?: string;

  @ApiPropertyOptional({ description: 'End (exclusive); default now' })
  @IsOptional()
  @Transform(toInstant)
  @IsISO8601({ strict: true }, { message: `to ${INSTANT_MESSAGE}` })
  @Matches(INSTANT, { message: `to ${INSTANT_MESSAGE}` })
  to?: string;
}

export class AccessLogEntryDto {
  @ApiProperty({ example: '1042', pattern: '^[0-9]+$', description: 'Sequence number of the entry' })
  id!: string;
  @ApiProperty({ example: '2025-01-31T08:15:02.123456Z', format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Full name of the staff member' }) actorName!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole!: string | null;
  @ApiProperty({ type: String, nullable: true }) purpose!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty() resource!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The resource's id; '(invalid)' when a refused caller put something else in an id slot",
  })
  resourceId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The first client touched' })
  clientId!: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) clientIds!: string[];
  @ApiProperty({ type: [String], description: 'Field names, never values' }) fields!: string[];
  @ApiProperty({ enum: ['allowed', 'denied'] }) outcome!: 'allowed' | 'denied';
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "A request's UUID, or the name of the background work that acted",
  })
  requestId!: string | null;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'Insurer, for data processed on its behalf',
  })
  controllerId!: string | null;
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessLogEntryDto] }) items!: AccessLogEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

class SealedThroughDto {
  @ApiProperty({ nullable: true, type: String, pattern: '^[0-9]+$' }) sequence!: string | null;
  @ApiProperty({ nullable: true, type: String, pattern: '^[0-9]+$' }) entryId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sealedAt!: string | null;
}

class CheckpointCheckDto {
  @ApiProperty({
    enum: ['none', 'agrees', 'disagrees', 'refused', 'unchecked'],
    description:
      'The newest signed checkpoint (kept outside the database) against the chain: none taken yet, agrees, disagrees ' +
      '(the chain was cut short or rewritten below it), refused (its signature fails), unchecked (the chain broke before it)',
  })
  status!: 'none' | 'agrees' | 'disagrees' | 'refused' | 'unchecked';
  @ApiProperty({
    nullable: true,
    type: String,
    pattern: '^[0-9]+$',
    description: 'Chain position of the checkpoint',
  })
  sequence!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    pattern: '^[0-9]+$',
    description: 'The entry sealed at that position',
  })
  entryId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When it was taken' }) at!:
    string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Seconds the oldest seal no agreeing checkpoint covers has waited; too long is an alarm',
  })
  lagSeconds!: number | null;
}

/** The retention base the verification started from (expired months before it were dropped). */
export class RetentionBaseCheckDto {
  @ApiProperty({
    enum: ['none', 'agrees', 'disagrees', 'refused', 'unchecked'],
    description: 'none: no month was dropped, the walk starts at the genesis',
  })
  status!: 'none' | 'agrees' | 'disagrees' | 'refused' | 'unchecked';
  @ApiProperty({
    nullable: true,
    type: String,
    pattern: '^[0-9]+$',
    description: 'Chain position after which the kept chain starts',
  })
  sequence!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    pattern: '^[0-9]+$',
    description: 'The entry sealed at that position (dropped with its month)',
  })
  entryId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When it was signed' }) at!:
    string | null;
}

export class VerifyResultDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: ['CHAIN_BROKEN', 'CHAIN_SHORTER_THAN_CHECKPOINT', 'CHECKPOINT_MISMATCH', 'CHECKPOINT_REFUSED'],
    description: 'Why the chain is not valid; null when it is',
  })
  reason!: string | null;
  @ApiProperty({ type: 'integer', description: 'Entries whose place in the chain was checked' })
  checked!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    pattern: '^[0-9]+$',
    description: 'First entry that does not match the chain',
  })
  firstInvalidId!: string | null;
  @ApiProperty({ type: CheckpointCheckDto }) checkpoint!: CheckpointCheckDto;
  @ApiProperty({ type: RetentionBaseCheckDto }) base!: RetentionBaseCheckDto;
  @ApiProperty({ type: SealedThroughDto }) sealedThrough!: SealedThroughDto;
  @ApiProperty({ type: 'integer', description: 'Entries not sealed yet' }) unsealed!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Age of the oldest of them, in (fractional) seconds',
  })
  oldestUnsealedSeconds!: number | null;
  @ApiProperty({
    description: 'An entry has stayed unsealed, or a seal without a checkpoint, longer than allowed',
  })
  alarm!: boolean;
}

const KINDS = [
  'many_clients',
  'outside_hours',
  'denied_burst',
  'export',
  'break_glass',
] as const satisfies readonly AnomalyKind[];

class FindingFilterDto {
  @ApiPropertyOptional({ format: 'uuid' }) actorId?: string;
  @ApiPropertyOptional() action?: string;
  @ApiPropertyOptional({ enum: ['allowed', 'denied'] }) outcome?: 'allowed' | 'denied';
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
}

export class AnomalyFindingDto {
  @ApiProperty({ enum: KINDS }) kind!: AnomalyKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole!: string | null;
  @ApiProperty({ format: 'date-time', description: 'Time of the first entry behind the finding' })
  from!: string;
  @ApiProperty({ format: 'date-time', description: 'Time of the last entry behind the finding' }) to!: string;
  @ApiProperty() description!: string;
  @ApiProperty({
    type: [String],
    pattern: '^[0-9]+$',
    description: 'Entries behind the finding, oldest first (capped)',
  })
  entryIds!: string[];
  @ApiProperty({ type: 'integer' }) entryCount!: number;
  @ApiProperty({ type: FindingFilterDto, description: 'The list filter that shows the entries' })
  filter!: FindingFilterDto;
  @ApiPropertyOptional({ type: 'integer' }) distinctClients?: number;
  @ApiPropertyOptional({ type: 'integer' }) denied?: number;
  @ApiPropertyOptional({ format: 'date' }) day?: string;
  @ApiPropertyOptional() resource?: string;
  @ApiPropertyOptional() outcome?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Break-glass: the client it opened' })
  clientId?: string;
  @ApiPropertyOptional({ description: 'Break-glass: the reason as the broker wrote it' }) reason?: string;
  @ApiPropertyOptional({ format: 'date-time' }) expiresAt?: string;
  @ApiPropertyOptional({ type: [String] }) actions?: string[];
}

class WorkingHoursDto {
  @ApiProperty({ description: 'The IANA zone of the broker calendar, e.g. Europe/Warsaw' }) timeZone!: string;
  @ApiProperty({ type: 'integer' }) startHour!: number;
  @ApiProperty({ type: 'integer' }) endHour!: number;
  @ApiProperty({ type: 'integer', isArray: true, description: 'ISO weekdays, 1 = Monday' }) days!: number[];
}

class DeniedBurstDto {
  @ApiProperty({ type: 'integer' }) count!: number;
  @ApiProperty({ type: 'integer' }) minutes!: number;
}

class AnomalySettingsDto {
  @ApiProperty({ type: 'integer' }) distinctClientsPerHour!: number;
  @ApiProperty({ type: WorkingHoursDto }) workingHours!: WorkingHoursDto;
  @ApiProperty({ type: DeniedBurstDto }) deniedBurst!: DeniedBurstDto;
  @ApiProperty({ type: 'integer' }) maxEntryIds!: number;
}

export class AnomalyReportDto {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: AnomalySettingsDto }) settings!: AnomalySettingsDto;
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(KINDS.map((k) => [k, { type: 'integer' }])),
    description: 'Findings per kind',
  })
  summary!: Record<AnomalyKind, number>;
  @ApiProperty({ description: 'More findings of some kind existed than are listed' }) truncated!: boolean;
  @ApiProperty({ type: [AnomalyFindingDto] }) findings!: AnomalyFindingDto[];
}
