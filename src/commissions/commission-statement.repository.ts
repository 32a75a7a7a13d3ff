import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClientsService } from '../clients';
import { LineStatus, ReconciledLine } from './reconciliation';
import { StatementMapping } from './statement-file';

/** A statement as stored, with its lines counted and added up (grosze, as text from bigint sums). */
export interface StatementRow {
  id: string;
  insurerId: string;
  policyNumberColumn: string;
  commissionColumn: string;
  importedBy: string | null;
  importedAt: string;
  lines: number;
  matched: number;
  differs: number;
  unknownPolicy: number;
  missing: number;
  settled: number;
  expected: string;
  paid: string;
  sortKey?: string;
}

/** A line as stored, with its client's flags (null for a policy the register does not know). */
export interface StatementLineRow {
  id: string;
  statementId: string;
  rowNumber: number | null;
  policyNumber: string;
  contractId: string | null;
  clientId: string | null;
  expected: string | null;
  paid: string | null;
  status: LineStatus;
  settledAt: string | null;
  /** The client's flags (false for a policy the register does not know): visibility needs no extra read. */
  restricted: boolean;
  erasureRefused: boolean;
}

/** A statement line of a client's policy, as the person's access report lists it. */
export interface StatementLineForSubject {
  id: string;
  statementId: string;
  policyNumber: string;
  expected: string | null;
  paid: string | null;
  status: LineStatus;
  importedAt: string;
  settledAt: string | null;
}

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const STATEMENT_COLUMNS = `s.id, s.insurer_id AS "insurerId", s.policy_number_column AS "policyNumberColumn",
  s.commission_column AS "commissionColumn", s.imported_by AS "importedBy", ${TS('s.imported_at')} AS "importedAt",
  t.lines, t.matched, t.differs, t.unknown_policy AS "unknownPolicy", t.missing, t.settled, t.expected, t.paid`;
const TOTALS = `LEFT JOIN LATERAL (
    SELECT count(*)::int AS lines, (count(*) FILTER (WHERE l.status = 'matched'))::int AS matched,
           (count(*) FILTER (WHERE l.status = 'differs'))::int AS differs,
           (count(*) FILTER (WHERE l.status = 'unknown_policy'))::int AS unknown_policy,
           (count(*) FILTER (WHERE l.status = 'missing'))::int AS missing,
           (count(*) FILTER (WHERE l.settled_at IS NOT NULL))::int AS settled,
           coalesce(sum(l.expected), 0)::text AS expected, coalesce(sum(l.paid), 0)::text AS paid
      FROM commission_statement_line l WHERE l.statement_id = s.id) t ON true`;
const LINE_COLUMNS = `l.id, l.statement_id AS "statementId", l.row_number AS "rowNumber", l.policy_number AS "policyNumber",
  l.contract_id AS "contractId", l.client_id AS "clientId", l.expected::text, l.paid::text, l.status,
  ${TS('l.settled_at')} AS "settledAt", coalesce(c.restricted, false) AS restricted,
  coalesce(c.erasure_refused, false) AS "erasureRefused"`;

/**
 * The tables of commission statements: `commission_statement`, `commission_statement_line` and
 * `commission_statement_mapping`; the only code whose SQL names them. Reads of lines (personal
 * data: policy numbers and amounts) are projected by the caller under its privacy scope.
 */
@Injectable()
export class CommissionStatementRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
  ) {}

  /** The statement line with its client, if any (a line of an unknown policy has none). */
  private linesFrom(): string {
    return `commission_statement_line l LEFT ${this.clients.joinSql('c', 'l.client_id')}`;
  }

  private runner(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async mappingOf(insurerId: string, manager?: EntityManager): Promise<StatementMapping | null> {
    const [row]: StatementMapping[] = await this.runner(manager).query(
      `SELECT policy_number_column AS "policyNumber", commission_column AS commission
         FROM commission_statement_mapping WHERE insurer_id = $1`,
      [insurerId],
    );
    return row ?? null;
  }

  async saveMapping(
    insurerId: string,
    mapping: StatementMapping,
    staffId: string,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO commission_statement_mapping (insurer_id, policy_number_column, commission_column, updated_by)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (insurer_id) DO UPDATE SET policy_number_column = EXCLUDED.policy_number_column,
         commission_column = EXCLUDED.commission_column, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [insurerId, mapping.policyNumber, mapping.commission, staffId],
    );
  }

  /** Imports of one insurer are serialised: each reconciles against what the ones before settled. */
  async lockInsurer(insurerId: string, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('commission_statement'), hashtext($1))`, [
      insurerId,
    ]);
  }

  async insertStatement(
    input: { insurerId: string; mapping: StatementMapping; importedBy: string; lines: ReconciledLine[] },
    manager: EntityManager,
  ): Promise<string> {
    const [{ id }]: Array<{ id: string }> = await manager.query(
      `INSERT INTO commission_statement (insurer_id, policy_number_column, commission_column, imported_by)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [input.insurerId, input.mapping.policyNumber, input.mapping.commission, input.importedBy],
    );
    const column = <T>(pick: (l: ReconciledLine) => T) => input.lines.map(pick);
    await manager.query(
      `INSERT INTO commission_statement_line (statement_id, row_number, policy_number, contract_id, client_id, expected, paid, status)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::uuid[], $5::uuid[], $6::bigint[], $7::bigint[], $8::text[])`,
      [
        id,
        column((l) => l.rowNumber),
        column((l) => l.policyNumber),
        column((l) => l.contractId),
        column((l) => l.clientId),
        column((l) => l.expected),
        column((l) => l.paid),
        column((l) => l.status),
      ],
    );
    return id;
  }

  async find(id: string, manager?: EntityManager): Promise<StatementRow | null> {
    const [row]: StatementRow[] = await this.runner(manager).query(
      `SELECT ${STATEMENT_COLUMNS} FROM commission_statement s ${TOTALS} WHERE s.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Newest first; one row more than `size` tells there is a next page. */
  page(filter: {
    insurerId?: string;
    after: [string, string] | null;
    size: number;
  }): Promise<StatementRow[]> {
    const conditions: string[] = ['true'];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.insurerId) conditions.push(`s.insurer_id = ${param(filter.insurerId)}::uuid`);
    if (filter.after)
      conditions.push(
        `(s.imported_at, s.id) < (${param(filter.after[0])}::timestamptz, ${param(filter.after[1])}::uuid)`,
      );
    return this.dataSource.query(
      `SELECT ${STATEMENT_COLUMNS}, to_char(s.imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "sortKey"
         FROM commission_statement s ${TOTALS} WHERE ${conditions.join(' AND ')}
        ORDER BY s.imported_at DESC, s.id DESC LIMIT ${filter.size + 1}`,
      params,
    );
  }

  /** The statement's lines in the file's order, the missing policies after them. */
  lines(statementId: string, manager?: EntityManager): Promise<StatementLineRow[]> {
    return this.runner(manager).query(
      `SELECT ${LINE_COLUMNS} FROM ${this.linesFrom()} WHERE l.statement_id = $1
        ORDER BY l.row_number NULLS LAST, l.policy_number, l.id`,
      [statementId],
    );
  }

  async line(
    statementId: string,
    lineId: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<StatementLineRow | null> {
    const [row]: StatementLineRow[] = await this.runner(manager).query(
      `SELECT ${LINE_COLUMNS} FROM ${this.linesFrom()} WHERE l.statement_id = $1 AND l.id = $2${lock ? ' FOR UPDATE OF l' : ''}`,
      [statementId, lineId],
    );
    return row ?? null;
  }

  async settle(lineId: string, staffId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE commission_statement_line SET settled_at = now(), settled_by = $2 WHERE id = $1 AND settled_at IS NULL`,
      [lineId, staffId],
    );
  }

  /** Per contract: the commission already paid on lines settled so far, in grosze. */
  async settledPaidByContract(contractIds: string[], manager?: EntityManager): Promise<Map<string, number>> {
    const rows: Array<{ contractId: string; paid: string }> = await this.runner(manager).query(
      `SELECT contract_id AS "contractId", sum(paid)::text AS paid FROM commission_statement_line
        WHERE contract_id = ANY($1::uuid[]) AND settled_at IS NOT NULL AND paid IS NOT NULL GROUP BY contract_id`,
      [contractIds],
    );
    return new Map(rows.map((r) => [r.contractId, Number(r.paid)]));
  }

  /** Erasure: a policy number identifies the person at the insurer; amounts stay, so the books still add up. */
  async eraseForErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE commission_statement_line SET policy_number = 'erased-' || id::text WHERE client_id = ANY($1::uuid[])`,
      [clientIds],
    );
  }

  /** Every statement line of a client's policies, oldest statement first, for the person's own access report. */
  linesForDataSubject(clientId: string, manager?: EntityManager): Promise<StatementLineForSubject[]> {
    return this.runner(manager).query(
      `SELECT l.id, l.statement_id AS "statementId", l.policy_number AS "policyNumber", l.expected::text,
              l.paid::text, l.status, ${TS('s.imported_at')} AS "importedAt", ${TS('l.settled_at')} AS "settledAt"
         FROM commission_statement_line l JOIN commission_statement s ON s.id = l.statement_id
        WHERE l.client_id = $1 ORDER BY s.imported_at, l.row_number, l.id`,
      [clientId],
    );
  }
}
