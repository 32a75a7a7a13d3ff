import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import { Attempt, PersonalDataLifecycle, PrivacyScope, personalFieldsOf } from '@app/privacy';
import { ClientsService } from '../clients';
import { InsurersService, UnknownInsurerError } from '../insurers';
import { toMoney } from '../offers';
import {
  CommissionStatementRepository,
  StatementLineRow,
  StatementRow,
} from './commission-statement.repository';
import { CreateCommissionStatementDto, ListCommissionStatementsQueryDto } from './commission-statement.dto';
import { LineAlreadySettledError, StatementFileInvalidError } from './commissions.errors';
import { ContractCommissionsService } from './contract-commissions.service';
import { reconcile } from './reconciliation';
import { DEFAULT_MAPPING, StatementMapping, readStatement } from './statement-file';
import { statementCsv } from './statement-export';
import {
  StatementLineView,
  StatementSummaryView,
  lineFields,
  lineRecord,
  projectLines,
  statementSummary,
} from './statement-views';

const LINE_FIELDS = personalFieldsOf('CommissionStatementLine');
/** What an import writes on each line; settling writes the day it was settled. */
const IMPORTED = LINE_FIELDS.filter((f) => f !== 'settledAt');
const SETTLED = ['settledAt'];

/**
 * Insurers' commission statements: imported from CSV with the insurer's column mapping, held
 * against the register when imported (matched, differs by how much, unknown policy, missing),
 * settled line by line and exported for the accountant. Lines hold policy numbers and amounts of
 * clients' contracts: they are read, written and exported under the registry, and recorded.
 */
@Injectable()
export class CommissionStatementsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly statements: CommissionStatementRepository,
    private readonly commissions: ContractCommissionsService,
    private readonly clients: ClientsService,
    private readonly insurers: InsurersService,
    private readonly audit: AuditRecorder,
    private readonly lifecycle: PersonalDataLifecycle,
  ) {}

  /** A policy number identifies the person at the insurer: erasure replaces it on the client's lines; amounts stay. */
  onModuleInit(): void {
    this.lifecycle.registerErasureStep({
      name: 'commission_statement_line',
      erase: (ids, manager) => this.statements.eraseForErasure(ids, manager),
    });
  }

  /**
   * The lines of insurers' commission statements for a client's policies, for the person's own
   * access report and export: the caller checked the request and records the disclosure.
   */
  async statementLinesForDataSubject(clientId: string, manager?: EntityManager) {
    return (await this.statements.linesForDataSubject(clientId, manager)).map((l) => ({
      id: l.id,
      statementId: l.statementId,
      policyNumber: l.policyNumber,
      expected: toMoney(l.expected),
      paid: toMoney(l.paid),
      status: l.status,
      importedAt: l.importedAt,
      settledAt: l.settledAt,
    }));
  }

  /** The columns an insurer's statements are read by: the mapping kept for it, or the default. */
  async mapping(insurerId: string): Promise<StatementMapping & { insurerId: string; kept: boolean }> {
    if (!(await this.insurers.findById(insurerId))) throw new UnknownInsurerError();
    const kept = await this.statements.mappingOf(insurerId);
    return { insurerId, ...(kept ?? DEFAULT_MAPPING), kept: kept !== null };
  }

  /**
   * `POST /api/commission-statements`: reads the file (a file with an error imports nothing and
   * names each error's row and column), reconciles it with the insurer's contracts and stores it
   * with its lines; a mapping given is kept for the insurer's next statements.
   */
  async submit(scope: PrivacyScope, input: CreateCommissionStatementDto): Promise<{ id: string }> {
    const attempt: Attempt = { action: 'create', resource: 'commission_statement', fields: IMPORTED };
    scope.assertWritable('create', 'CommissionStatementLine', null, IMPORTED, attempt);
    if (!(await this.insurers.findById(input.insurerId))) throw new UnknownInsurerError();
    return this.dataSource.transaction(async (manager) => {
      await this.statements.lockInsurer(input.insurerId, manager);
      const mapping = input.mapping
        ? { policyNumber: input.mapping.policyNumber.trim(), commission: input.mapping.commission.trim() }
        : ((await this.statements.mappingOf(input.insurerId, manager)) ?? DEFAULT_MAPPING);
      const read = readStatement(input.content, mapping);
      if ('errors' in read) throw new StatementFileInvalidError(read.errors);
      const expected = await this.commissions.expectedOf(scope, input.insurerId, manager);
      const lines = reconcile(read.payments, expected);
      const id = await this.statements.insertStatement(
        { insurerId: input.insurerId, mapping, importedBy: scope.staffMember, lines },
        manager,
      );
      if (input.mapping)
        await this.statements.saveMapping(input.insurerId, mapping, scope.staffMember, manager);
      const clientIds = [...new Set(lines.flatMap((l) => (l.clientId ? [l.clientId] : [])))];
      await this.audit.record(
        {
          action: 'create',
          resource: 'commission_statement',
          resourceId: id,
          clientIds,
          fields: IMPORTED,
          outcome: 'allowed',
        },
        manager,
      );
      return { id };
    });
  }

  /** Statements, newest first, with their counts and totals (no line, so no policy number). */
  async list(
    scope: PrivacyScope,
    query: ListCommissionStatementsQueryDto,
  ): Promise<Page<StatementSummaryView>> {
    const size = pageSize(query.limit);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | null;
    const rows = await this.statements.page({ insurerId: query.insurerId, after, size });
    const page = rows.slice(0, size);
    const names = await this.insurers.findByIds(page.map((r) => r.insurerId));
    await this.audit.record({
      action: 'list',
      resource: 'commission_statement',
      fields: [],
      outcome: 'allowed',
    });
    const last = page[page.length - 1];
    return {
      items: page.map((r) => statementSummary(r, names.get(r.insurerId)?.name ?? '')),
      nextCursor: rows.length > size && last ? encodeCursor([last.sortKey!, last.id]) : null,
    };
  }

  /** `GET /api/commission-statements/:id`: the totals and every line the scope sees, projected. */
  async view(
    scope: PrivacyScope,
    id: string,
  ): Promise<StatementSummaryView & { lines: StatementLineView[] }> {
    const attempt: Attempt = { action: 'read', resource: 'commission_statement', resourceId: id, fields: [] };
    const { statement, insurerName } = await this.requireStatement(scope, id, attempt);
    const rows = await this.statements.lines(id);
    const { items, shown, clientIds } = projectLines(scope, rows, await this.factsOf(scope, rows));
    await this.audit.record({ ...attempt, clientIds, fields: shown, outcome: 'allowed' });
    return { ...statementSummary(statement, insurerName), lines: items };
  }

  /** `POST .../lines/:lineId/settle`: the line is settled once, by whom and when kept. */
  async settle(scope: PrivacyScope, id: string, lineId: string): Promise<StatementLineView> {
    const attempt: Attempt = {
      action: 'update',
      resource: 'commission_statement_line',
      resourceId: lineId,
      fields: SETTLED,
    };
    await this.requireStatement(scope, id, attempt);
    return this.dataSource.transaction(async (manager) => {
      const line = await this.statements.line(id, lineId, manager, true);
      if (!line) scope.notFound(attempt, 'Statement line', false);
      const facts = await this.factsOf(scope, [line], manager);
      const fields = lineFields(scope, line, facts);
      const clientIds = line.clientId ? [line.clientId] : [];
      if (fields.length === 0) scope.notFound({ ...attempt, clientIds }, 'Statement line', true);
      scope.assertWritable('update', 'CommissionStatementLine', { clientId: line.clientId }, SETTLED, {
        ...attempt,
        clientIds,
      });
      if (line.settledAt) throw new LineAlreadySettledError();
      await this.statements.settle(lineId, scope.staffMember, manager);
      await this.audit.record({ ...attempt, clientIds, outcome: 'allowed' }, manager);
      const settled = (await this.statements.line(id, lineId, manager))!;
      return scope.project(fields, lineRecord(settled)).value as StatementLineView;
    });
  }

  /** `GET .../export?format=csv`: the reconciled lines for the accountant, recorded as an export. */
  async exportCsv(scope: PrivacyScope, id: string): Promise<{ filename: string; body: string }> {
    const attempt: Attempt = {
      action: 'export',
      resource: 'commission_statement',
      resourceId: id,
      fields: LINE_FIELDS,
    };
    await this.requireStatement(scope, id, attempt);
    const rows = await this.statements.lines(id);
    const facts = await this.factsOf(scope, rows);
    const exported = rows.filter((r) => LINE_FIELDS.every((f) => lineFields(scope, r, facts).includes(f)));
    const clientIds = [...new Set(exported.flatMap((r) => (r.clientId ? [r.clientId] : [])))];
    await this.audit.record({ ...attempt, clientIds, outcome: 'allowed' });
    const body = statementCsv(
      exported.map((r) => {
        const record = lineRecord(r);
        return {
          policyNumber: r.policyNumber,
          status: r.status,
          expected: record.expected?.amount ?? null,
          paid: record.paid?.amount ?? null,
          difference: record.difference.amount,
          settledAt: r.settledAt,
        };
      }),
    );
    return { filename: `zestawienie-prowizji-${id}.csv`, body };
  }

  private async requireStatement(
    scope: PrivacyScope,
    id: string,
    attempt: Attempt,
  ): Promise<{ statement: StatementRow; insurerName: string }> {
    const statement = await this.statements.find(id);
    if (!statement) scope.notFound(attempt, 'Commission statement', false);
    const insurer = await this.insurers.findById(statement.insurerId);
    return { statement, insurerName: insurer?.name ?? '' };
  }

  private factsOf(scope: PrivacyScope, rows: StatementLineRow[], manager?: EntityManager) {
    return this.clients.subjectFacts(
      scope,
      rows.flatMap((r) =>
        r.clientId
          ? [{ clientId: r.clientId, restricted: r.restricted, erasureRefused: r.erasureRefused }]
          : [],
      ),
      manager,
    );
  }
}
