import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { VerifyResult } from '@app/audit';
import { Page } from '@app/common/http/pagination';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import { ClientLookupResult, ClientLookupService } from '../clients';
import {
  AccessLogEntryDto,
  AccessLogPageDto,
  AnomaliesQueryDto,
  AnomalyReportDto,
  ExportAccessLogQueryDto,
  ListAccessLogQueryDto,
  VerifyResultDto,
} from './access-log.dto';
import { AccessLogService, RecordActors } from './access-log.service';
import { ClientLookupQueryDto, ClientLookupResponseDto, RecordActorsResponseDto } from './client-lookup.dto';
import { AnomalyReport, AnomaliesService } from './anomalies.service';

const REVIEWERS = ['manager', 'dpo'] as const;
const AUDIT_PURPOSE = ['security_audit'] as const;

@ApiTags('access-logs')
@Controller('api/access-logs')
export class AccessLogController {
  constructor(
    private readonly accessLog: AccessLogService,
    private readonly anomalies: AnomaliesService,
    private readonly clients: ClientLookupService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Browse the record of operations' })
  @Access({
    roles: REVIEWERS,
    personalData: { resource: 'access_log', action: 'review' },
    purposes: AUDIT_PURPOSE,
  })
  @ApiOkResponse({ type: AccessLogPageDto, description: 'Entries newest first; keyset pagination' })
  list(@Query() query: ListAccessLogQueryDto): Promise<Page<AccessLogEntryDto>> {
    return this.accessLog.list(query);
  }

  @Get('export')
  @ApiOperation({ summary: 'Export the record of operations as CSV' })
  @Access({
    roles: REVIEWERS,
    personalData: { resource: 'access_log', action: 'export' },
    purposes: AUDIT_PURPOSE,
  })
  @ApiOkResponse({
    description: 'Every matching entry as CSV (RFC 4180), streamed, newest first',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  async export(@Query() query: ExportAccessLogQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const { filename, stream } = await this.accessLog.exportCsv(query);
    await reply
      .header('content-type', 'text/csv; charset=utf-8; header=present')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(stream);
  }

  @Get('verify')
  @ApiOperation({ summary: 'Verify the record’s hash chain and checkpoints' })
  @Access({
    roles: REVIEWERS,
    personalData: { resource: 'access_log_integrity', action: 'review' },
    purposes: AUDIT_PURPOSE,
  })
  @ApiOkResponse({ type: VerifyResultDto })
  verify(): Promise<VerifyResult> {
    return this.accessLog.verify();
  }

  @Get('anomalies')
  @ApiOperation({ summary: 'Find anomalies in the record of operations' })
  @Access({
    roles: REVIEWERS,
    personalData: { resource: 'access_log_anomalies', action: 'review' },
    purposes: AUDIT_PURPOSE,
  })
  @ApiOkResponse({
    type: AnomalyReportDto,
    description: 'Findings in the time range, each with the entries behind it',
  })
  findAnomalies(@Query() query: AnomaliesQueryDto): Promise<AnomalyReport> {
    return this.anomalies.find(query);
  }

  @Get('client-lookup')
  @ApiOperation({
    summary: 'Find a client’s id by name or PESEL, to filter the record by',
    description:
      'Searches names or the PESEL without returning them: ids and flags only. The lookup is itself ' +
      'recorded (action lookup, the fields searched and the clients found, never the value).',
  })
  @Access({
    roles: REVIEWERS,
    personalData: { resource: 'client', action: 'lookup' },
    purposes: AUDIT_PURPOSE,
  })
  @ApiOkResponse({ type: ClientLookupResponseDto })
  lookupClient(
    @CurrentScope() scope: PrivacyScope,
    @Query() query: ClientLookupQueryDto,
  ): Promise<ClientLookupResult> {
    return this.clients.lookup(scope, query.q, query.limit ?? 20);
  }

  @Get('actors')
  @ApiOperation({ summary: 'Staff who may appear in the record, by name (to filter by actor)' })
  @Access({
    roles: REVIEWERS,
    personalData: { resource: 'staff', action: 'list' },
    purposes: AUDIT_PURPOSE,
  })
  @ApiOkResponse({ type: RecordActorsResponseDto })
  actors(): Promise<RecordActors> {
    return this.accessLog.actors();
  }
}
