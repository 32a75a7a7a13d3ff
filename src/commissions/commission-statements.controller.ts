import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiPageResponse } from '@app/common/http/openapi';
import { Page } from '@app/common/http/pagination';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import {
  CreateCommissionStatementDto,
  ListCommissionStatementsQueryDto,
  STATEMENT_BODY_LIMIT,
  StatementAcceptedDto,
  StatementExportQueryDto,
  StatementLineDto,
  StatementMappingResponseDto,
  StatementResponseDto,
  StatementSummaryDto,
} from './commission-statement.dto';
import { CommissionStatementsService } from './commission-statements.service';
import { StatementLineView, StatementSummaryView } from './statement-views';

/** Statements are the broker's accounting: the accountant, under the legal obligation to keep books. */
const ACCOUNTING = ['legal_obligation'] as const;

@ApiTags('commissions')
@Controller()
export class CommissionStatementsController {
  constructor(private readonly statements: CommissionStatementsService) {}

  @Post('api/commission-statements')
  @HttpCode(202)
  @RouteConfig({ bodyLimit: STATEMENT_BODY_LIMIT })
  @Access({ personalData: { resource: 'commission_statement', action: 'create' }, purposes: ACCOUNTING })
  @ApiOperation({
    summary: 'Import an insurer’s commission statement (CSV) and reconcile it with the register',
  })
  @ApiAcceptedResponse({ type: StatementAcceptedDto })
  @ApiBadRequestResponse({
    description:
      'STATEMENT_FILE_INVALID (`rows`: each error’s row, column and code; nothing imported), UNKNOWN_INSURER',
  })
  submit(
    @CurrentScope() scope: PrivacyScope,
    @Body() body: CreateCommissionStatementDto,
  ): Promise<{ id: string }> {
    return this.statements.submit(scope, body);
  }

  @Get('api/commission-statements')
  @Access({ personalData: { resource: 'commission_statement', action: 'list' }, purposes: ACCOUNTING })
  @ApiOperation({ summary: 'Imported statements with their counts and totals, newest first' })
  @ApiPageResponse(StatementSummaryDto, 'A page of statements')
  list(
    @CurrentScope() scope: PrivacyScope,
    @Query() query: ListCommissionStatementsQueryDto,
  ): Promise<Page<StatementSummaryView>> {
    return this.statements.list(scope, query);
  }

  @Get('api/commission-statements/:id')
  @Access({ personalData: { resource: 'commission_statement', action: 'read' }, purposes: ACCOUNTING })
  @ApiOperation({
    summary:
      'The reconciliation: each line matched, differing (by how much), of an unknown policy, or missing',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: StatementResponseDto })
  @ApiNotFoundResponse({ description: 'No such statement' })
  view(@CurrentScope() scope: PrivacyScope, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.statements.view(scope, id);
  }

  @Post('api/commission-statements/:id/lines/:lineId/settle')
  @HttpCode(200)
  @Access({ personalData: { resource: 'commission_statement_line', action: 'update' }, purposes: ACCOUNTING })
  @ApiOperation({ summary: 'Mark a statement line settled' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'lineId', format: 'uuid' })
  @ApiOkResponse({ type: StatementLineDto })
  @ApiNotFoundResponse({ description: 'No such statement or line' })
  @ApiConflictResponse({ description: 'LINE_ALREADY_SETTLED' })
  settle(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('lineId', new ParseUUIDPipe()) lineId: string,
  ): Promise<StatementLineView> {
    return this.statements.settle(scope, id, lineId);
  }

  @Get('api/commission-statements/:id/export')
  @Access({ personalData: { resource: 'commission_statement', action: 'export' }, purposes: ACCOUNTING })
  @ApiOperation({ summary: 'The reconciled statement as CSV for the accountant' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: '`;`-separated UTF-8 CSV, amounts in złote', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'No such statement' })
  async export(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() _query: StatementExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { filename, body } = await this.statements.exportCsv(scope, id);
    reply.header('Content-Type', 'text/csv; charset=utf-8');
    reply.header('Content-Disposition', `attachment; filename="${filename}"`);
    return body;
  }

  @Get('api/commission-statement-mappings/:insurerId')
  @Access({ roles: ['accountant'] })
  @ApiOperation({
    summary: 'The columns an insurer’s statements are read by (kept from its last statement, or the default)',
  })
  @ApiParam({ name: 'insurerId', format: 'uuid' })
  @ApiOkResponse({ type: StatementMappingResponseDto })
  @ApiBadRequestResponse({ description: 'UNKNOWN_INSURER' })
  mapping(@Param('insurerId', new ParseUUIDPipe()) insurerId: string) {
    return this.statements.mapping(insurerId);
  }
}
