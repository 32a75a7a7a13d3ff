import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiPageResponse } from '@app/common/http/openapi';
import { Page } from '@app/common/http/pagination';
import { Access, AccessDeclaration, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import { AccessReportDto, PortabilityExportDto } from './access-report.dto';
import { renderAccessReportHtml } from './access-report.html';
import { renderAccessReportPdf } from './access-report.pdf';
import { AccessReport, PortabilityExport } from './access-report.service';
import {
  CreateDataSubjectRequestDto,
  DataSubjectRequestIntakeDto,
  DataSubjectRequestResponseDto,
  ExecuteDataSubjectRequestDto,
  ExtendDataSubjectRequestDto,
  ListDataSubjectRequestsQueryDto,
  RejectDataSubjectRequestDto,
  ReportQueryDto,
  VerifyIdentityDto,
} from './data-subject-request.dto';
import { CompleteDataSubjectRequestDto } from './complete-request.dto';
import { DataSubjectRequestsService } from './data-subject-requests.service';
import { RequestAnswers } from './request-answers.service';
import { RequestDisclosure } from './request-disclosure.service';
import { RequestIntake } from './request-intake.service';

/** Every route: the data protection officer, acting under data_subject_rights. */
function Dsr(
  action: NonNullable<AccessDeclaration['personalData']>['action'],
  resource: NonNullable<AccessDeclaration['personalData']>['resource'] = 'data_subject_request',
): MethodDecorator {
  return Access({ roles: ['dpo'], purposes: ['data_subject_rights'], personalData: { resource, action } });
}

@ApiTags('data-subject-requests')
@ApiExtraModels(AccessReportDto)
@Controller('api/data-subject-requests')
export class DataSubjectRequestsController {
  constructor(
    private readonly requests: DataSubjectRequestsService,
    private readonly intake: RequestIntake,
    private readonly disclosure: RequestDisclosure,
    private readonly answers: RequestAnswers,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a data subject request (art. 15–21 RODO)' })
  @Dsr('create')
  @ApiCreatedResponse({
    type: DataSubjectRequestIntakeDto,
    description:
      'open, due one calendar month after receipt; a mandate subject’s request is referred to the insurer',
  })
  @ApiNotFoundResponse({ description: 'No such client or mandate subject' })
  create(@CurrentScope() scope: PrivacyScope, @Body() body: CreateDataSubjectRequestDto) {
    return this.intake.create(scope, body);
  }

  @Get()
  @ApiOperation({ summary: 'List data subject requests' })
  @Dsr('list')
  @ApiPageResponse(
    DataSubjectRequestResponseDto,
    'Requests by due date, oldest first; overdue=true lists open requests past their due date',
  )
  list(
    @CurrentScope() scope: PrivacyScope,
    @Query() query: ListDataSubjectRequestsQueryDto,
  ): Promise<Page<DataSubjectRequestResponseDto>> {
    return this.requests.list(scope, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a data subject request' })
  @Dsr('read')
  @ApiOkResponse({ type: DataSubjectRequestResponseDto })
  get(@CurrentScope() scope: PrivacyScope, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.requests.get(scope, id);
  }

  @Post(':id/extend')
  @ApiOperation({ summary: 'Extend the deadline to three months after receipt (art. 12 ust. 3 RODO)' })
  @HttpCode(200)
  @Dsr('update')
  @ApiOkResponse({ type: DataSubjectRequestResponseDto, description: 'Due three months after receipt' })
  @ApiConflictResponse({
    description:
      'Already extended once (ALREADY_EXTENDED), past its due date (DEADLINE_PASSED), or no longer open',
  })
  extend(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ExtendDataSubjectRequestDto,
  ) {
    return this.requests.extend(scope, id, body.reason);
  }

  @Post(':id/verify-identity')
  @ApiOperation({ summary: 'Record how the person’s identity was verified' })
  @HttpCode(200)
  @Dsr('update')
  @ApiOkResponse({ type: DataSubjectRequestResponseDto })
  verifyIdentity(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: VerifyIdentityDto,
  ) {
    return this.requests.verifyIdentity(scope, id, body);
  }

  @Post(':id/reject')
  @ApiOperation({ summary: 'Reject a request, with the reason' })
  @HttpCode(200)
  @Dsr('update')
  @ApiOkResponse({ type: DataSubjectRequestResponseDto })
  reject(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RejectDataSubjectRequestDto,
  ) {
    return this.requests.reject(scope, id, body.reason);
  }

  @Get(':id/report')
  @ApiOperation({ summary: 'The access report of a request (art. 15 RODO)' })
  @Dsr('export', 'access_report')
  @ApiOkResponse({
    description:
      'Everything held on the person, as a preview that changes nothing; ?format=html gives a printable page ' +
      'and ?format=pdf the document to send, both in Polish (or English: ?lang=en, or the person’s language) ' +
      'with times in Europe/Warsaw',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AccessReportDto) } },
      'text/html': { schema: { type: 'string', description: 'A printable page' } },
      'application/pdf': { schema: { type: 'string', format: 'binary', description: 'The report as a PDF' } },
    },
  })
  @ApiConflictResponse({ description: 'Identity not verified, or not an access request' })
  async report(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ReportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessReport | string | Buffer> {
    if (query.format !== 'html' && query.format !== 'pdf') return this.disclosure.report(scope, id);
    const document = await this.disclosure.reportDocument(scope, id, query.lang);
    void reply.header('cache-control', 'no-store');
    if (query.format === 'html') {
      void reply.header('content-type', 'text/html; charset=utf-8');
      return renderAccessReportHtml(document);
    }
    void reply.header('content-type', 'application/pdf');
    void reply.header('content-disposition', `attachment; filename="access-report-${id}.pdf"`);
    return renderAccessReportPdf(document);
  }

  @Get(':id/export')
  @ApiOperation({ summary: 'The portability export of a request (art. 20 RODO)' })
  @Dsr('export', 'portability_export')
  @ApiOkResponse({
    type: PortabilityExportDto,
    description: 'Portability JSON (art. 20) with a schemaVersion; a preview that changes nothing',
  })
  @ApiConflictResponse({ description: 'Identity not verified, or not a portability request' })
  async export(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PortabilityExport> {
    const value = await this.disclosure.export(scope, id);
    void reply.header('cache-control', 'no-store');
    void reply.header('content-disposition', `attachment; filename="portability-${id}.json"`);
    return value;
  }

  @Post(':id/complete')
  @ApiOperation({ summary: 'Record that the answer reached the person' })
  @HttpCode(200)
  @Dsr('update')
  @ApiOkResponse({
    type: DataSubjectRequestResponseDto,
    description: 'Done: the report or export reached the person; how and when is recorded',
  })
  @ApiBadRequestResponse({
    description: 'deliveredAt in the future or before receipt (INVALID_DELIVERED_AT)',
  })
  @ApiConflictResponse({
    description:
      'Identity not verified (IDENTITY_NOT_VERIFIED), already done, rejected or referred (REQUEST_CLOSED), or a type answered by execute (WRONG_REQUEST_TYPE)',
  })
  complete(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CompleteDataSubjectRequestDto,
  ) {
    return this.answers.complete(scope, id, body);
  }

  @Post(':id/execute')
  @ApiOperation({
    summary: 'Carry out a request (rectification, erasure, restriction, objection, consent withdrawal)',
  })
  @HttpCode(200)
  @Dsr('update')
  @ApiOkResponse({
    type: DataSubjectRequestResponseDto,
    description: 'Done; outcome says what was done, or which duty deferred an erasure and until when',
  })
  @ApiConflictResponse({
    description: 'Identity not verified, not open, or a type answered by report/export',
  })
  execute(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ExecuteDataSubjectRequestDto,
  ) {
    return this.answers.execute(scope, id, body);
  }
}
