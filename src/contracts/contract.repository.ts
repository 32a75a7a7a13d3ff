import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { InsurersService } from '../insurers';
import { OffersService } from '../offers';
import {
  AnnexTerms,
  ContractEndingSoon,
  ContractFilter,
  ContractRow,
  ContractSummaryRow,
  ContractTermsRow,
  NewContract,
  RegisteredContract,
} from './contract-row';
import {
  CONTRACT_COLUMNS,
  CONTRACT_VALUES,
  CommonContractValues,
  contractValues,
} from './contract-insert.sql';
import { contractPageSql, renewalsPageSql } from './contract-page.sql';
import { ContractStatus, contractStatusSql } from './contract-status';
import { StoredInsuredObject, erasedInsuredObjectSql } from './insured-object';

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The day a contract ended or will end: its end date, or the day it was cancelled when that came first. */
function effectiveEndSql(alias: string): string {
  return `(CASE WHEN ${alias}.cancelled_at IS NULL THEN ${alias}.end_date
                ELSE LEAST(${alias}.end_date, GREATEST(${alias}.start_date, (${alias}.cancelled_at AT TIME ZONE 'UTC')::date)) END)`;
}

/**
 * The `contract` table: the only code whose SQL names it. Reads of personal data take the privacy
 * scope; work without a purpose (reminder scans, retention, erasure, reports, seeding) says so in
 * its name.
 */
@Injectable()
export class ContractRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
    private readonly insurers: InsurersService,
    private readonly offers: OffersService,
    private readonly clock: BrokerClock,
  ) {}

  private selectSql(extra = ''): string {
    const today = this.clock.todaySql;
    return `SELECT k.id, k.client_id AS "clientId", c.restricted, c.erasure_refused AS "erasureRefused", k.insurer_id AS "insurerId",
    ${this.insurers.nameSql('i')} AS "insurerName", k.offer_request_id AS "offerRequestId", k.quote_id AS "quoteId",
    ${this.offers.renewalIdSql('k.id')} AS "renewalOfferRequestId",
    k.line_of_business AS "lineOfBusiness", ${contractStatusSql('k', today)} AS status, ${TS('k.created_at')} AS "createdAt",
    k.policy_number AS "policyNumber", to_char(k.start_date, 'YYYY-MM-DD') AS "startDate",
    to_char(k.end_date, 'YYYY-MM-DD') AS "endDate", k.product_name AS "productName", k.coverages,
    k.sum_insured AS "sumInsured", k.deductible, k.currency, ${TS('k.cancelled_at')} AS "cancelledAt",
    k.cancellation_reason AS "cancellationReason", k.recommendation, k.premium, k.commission_rate_bp AS "commissionRateBp",
    k.commission, k.acknowledged_mismatch AS "acknowledgedMismatch", k.insured_id AS "insuredId", k.source,
    k.insured_object AS "insuredObject"${extra}
  FROM contract k ${this.clients.joinSql('c', 'k.client_id')} ${this.insurers.joinSql('i', 'k.insurer_id')}`;
  }

  /** `roleSql`: whether the person asked about holds the policy or is insured under it. */
  private summarySql(roleSql = `'policyholder'`): string {
    return `SELECT k.id, k.client_id AS "clientId", k.insurer_id AS "insurerId", ${this.insurers.nameSql('i')} AS "insurerName",
    k.policy_number AS "policyNumber", k.line_of_business AS "lineOfBusiness",
    to_char(k.start_date, 'YYYY-MM-DD') AS "startDate", to_char(k.end_date, 'YYYY-MM-DD') AS "endDate",
    ${contractStatusSql('k', this.clock.todaySql)} AS status, k.premium, k.commission, k.currency,
    ${roleSql} AS role, k.source, k.insured_id AS "insuredId", k.insured_object AS "insuredObject"
  FROM contract k ${this.insurers.joinSql('i', 'k.insurer_id')}`;
  }

  /** The contract with its client's flags; the caller decides visibility (`ClientsService.requireRecordVisible`). */
  async find(_scope: PrivacyScope, id: string, manager?: EntityManager): Promise<ContractRow | null> {
    const rows: ContractRow[] = await (manager ?? this.dataSource.manager).query(
      `${this.selectSql()} WHERE k.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Newest first; only contracts visible under the scope; one row more than `size` tells there is a next page. */
  page(scope: PrivacyScope, filter: ContractFilter): Promise<ContractRow[]> {
    const translators = this.clients.sqlTranslators('c');
    // The client's visibility, then each filtered field's on the contract row itself.
    const visibility = [
      scope.clientRecordSql('Contract', translators),
      ...[...new Set(filter.filteredFields)].map((field) => scope.visibleSql('Contract', {}, field)),
    ];
    const { sql, params } = contractPageSql(
      (extra) => this.selectSql(extra),
      visibility,
      filter,
      this.clock.todaySql,
    );
    return this.dataSource.query(sql, params);
  }

  /**
   * The renewals worklist: contracts visible under the scope (their end date too), not cancelled,
   * ending between today and today + `withinDays`, oldest end first, with the client's name.
   */
  renewalsPage(
    scope: PrivacyScope,
    query: { withinDays: number; cursor?: string; size: number },
  ): Promise<ContractRow[]> {
    const translators = this.clients.sqlTranslators('c');
    const visibility = [scope.visibleSql('Contract', {}, 'endDate'), scope.visibleSql('Client', translators)];
    const { sql, params } = renewalsPageSql(
      (extra) => this.selectSql(extra),
      visibility,
      query,
      this.clock.todaySql,
    );
    return this.dataSource.query(sql, params);
  }

  /** Locks the contract for a change of its state; null when there is no such contract. */
  async lockStatus(id: string, manager: EntityManager): Promise<ContractStatus | null> {
    const [row]: Array<{ status: ContractStatus }> = await manager.query(
      `SELECT ${contractStatusSql('k', this.clock.todaySql)} AS status FROM contract k WHERE k.id = $1 FOR UPDATE`,
      [id],
    );
    return row?.status ?? null;
  }

  async policyNumberTaken(insurerId: string, policyNumber: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM contract WHERE insurer_id = $1 AND policy_number = $2`,
      [insurerId, policyNumber],
    );
    return rows.length > 0;
  }

  /** Inserts a concluded contract; the commission is the quote's rate applied to its premium. */
  async insert(input: NewContract, manager: EntityManager): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO contract (${CONTRACT_COLUMNS}, start_date, end_date, currency, concluded_by, acknowledged_mismatch)
       VALUES (${CONTRACT_VALUES}, $14, $15, $16, $17, $18)
       RETURNING id`,
      [
        ...contractValues(input),
        input.startDate,
        input.endDate,
        input.currency,
        input.concludedBy,
        input.acknowledgedMismatch ? JSON.stringify(input.acknowledgedMismatch) : null,
      ],
    );
    return row.id;
  }

  /** Inserts a policy entered into the register directly; the commission is the rate applied to the premium. */
  async insertRegistered(input: RegisteredContract, manager: EntityManager): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO contract (${CONTRACT_COLUMNS}, start_date, end_date, concluded_by, source, insured_id, insured_object)
       VALUES (${CONTRACT_VALUES}, $14, $15, $16, $17, $18, $19)
       RETURNING id`,
      [
        ...contractValues({
          ...input,
          offerRequestId: null,
          quoteId: null,
          deductible: 0,
          recommendation: null,
        }),
        input.startDate,
        input.endDate,
        input.createdBy,
        input.source,
        input.insuredId,
        input.insuredObject ? JSON.stringify(input.insuredObject) : null,
      ],
    );
    return row.id;
  }

  /** Locks the contract for an annex and reads the terms an annex may change; null when there is none. */
  async lockTerms(id: string, manager: EntityManager): Promise<ContractTermsRow | null> {
    const [row]: ContractTermsRow[] = await manager.query(
      `SELECT ${contractStatusSql('k', this.clock.todaySql)} AS status, to_char(k.start_date, 'YYYY-MM-DD') AS "startDate",
              to_char(k.end_date, 'YYYY-MM-DD') AS "endDate", k.premium, k.commission_rate_bp AS "commissionRateBp",
              k.commission, k.sum_insured AS "sumInsured", k.coverages, k.insured_object AS "insuredObject",
              k.insured_id AS "insuredId"
         FROM contract k WHERE k.id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  /** Writes an annex's terms; a new premium brings its commission (the caller computed it at the contract's rate). */
  async applyTerms(
    id: string,
    terms: AnnexTerms,
    insuredId: string | null | undefined,
    manager: EntityManager,
  ) {
    const sets: string[] = [];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown, cast = '') => {
      params.push(value);
      sets.push(`${column} = $${params.length}${cast}`);
    };
    if (terms.premium !== undefined) set('premium', terms.premium, '::bigint');
    if (terms.commission !== undefined) set('commission', terms.commission, '::bigint');
    if (terms.sumInsured !== undefined) set('sum_insured', terms.sumInsured, '::bigint');
    if (terms.endDate !== undefined) set('end_date', terms.endDate, '::date');
    if (terms.coverages !== undefined) set('coverages', JSON.stringify(terms.coverages), '::jsonb');
    if (terms.insuredObject !== undefined)
      set('insured_object', terms.insuredObject ? JSON.stringify(terms.insuredObject) : null, '::jsonb');
    if (insuredId !== undefined) set('insured_id', insuredId, '::uuid');
    if (sets.length === 0) return;
    await manager.query(`UPDATE contract SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  async cancel(id: string, reason: string, cancelledBy: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE contract SET cancelled_at = now(), cancellation_reason = $2, cancelled_by = $3 WHERE id = $1`,
      [id, reason, cancelledBy],
    );
  }

  // ---- without a purpose: reminder scans, retention, reports, erasure, seeding ----

  async clientIdOfWithoutPurpose(contractId: string, manager?: EntityManager): Promise<string | null> {
    const rows: Array<{ clientId: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT client_id::text AS "clientId" FROM contract WHERE id = $1`,
      [contractId],
    );
    return rows[0]?.clientId ?? null;
  }

  endingBetweenWithoutPurpose(
    from: string,
    to: string,
    manager?: EntityManager,
  ): Promise<ContractSummaryRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `${this.summarySql()} WHERE k.cancelled_at IS NULL AND k.end_date BETWEEN $1::date AND $2::date ORDER BY k.end_date, k.id`,
      [from, to],
    );
  }

  /** Contracts running on `day` (started, not ended) and not cancelled. */
  runningOnWithoutPurpose(day: string, manager?: EntityManager): Promise<ContractSummaryRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `${this.summarySql()} WHERE k.cancelled_at IS NULL AND k.start_date <= $1::date AND k.end_date >= $1::date ORDER BY k.id`,
      [day],
    );
  }

  /** The policies a client holds and those insuring them under another client's. */
  forClientWithoutPurpose(clientId: string, manager?: EntityManager): Promise<ContractSummaryRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `${this.summarySql(`CASE WHEN k.client_id = $1 THEN 'policyholder' ELSE 'insured' END`)}
        WHERE k.client_id = $1 OR k.insured_id = $1 ORDER BY k.start_date, k.id`,
      [clientId],
    );
  }

  activeEndingOnWithoutPurpose(
    date: string,
    limit: number,
    afterId: string | null,
    manager?: EntityManager,
    only: { lines?: readonly string[]; longerThanDays?: number } = {},
  ): Promise<ContractEndingSoon[]> {
    const today = this.clock.todaySql;
    return (manager ?? this.dataSource.manager).query(
      `SELECT k.id AS "contractId", k.client_id AS "clientId", to_char(k.end_date, 'YYYY-MM-DD') AS "endDate",
              k.policy_number AS "policyNumber", k.line_of_business AS "lineOfBusiness", ${this.insurers.nameSql('i')} AS "insurerName"
         FROM contract k ${this.insurers.joinSql('i', 'k.insurer_id')}
        WHERE k.cancelled_at IS NULL AND k.end_date = $1::date AND k.start_date <= ${today} AND k.end_date >= ${today}
          AND ($2::uuid IS NULL OR k.id > $2::uuid)
          AND ($4::text[] IS NULL OR k.line_of_business = ANY($4::text[]))
          AND ($5::int IS NULL OR k.end_date - k.start_date > $5::int)
        ORDER BY k.id LIMIT $3`,
      [date, afterId, Math.max(1, Math.floor(limit)), only.lines ?? null, only.longerThanDays ?? null],
    );
  }

  /**
   * Per client party to a contract, as policyholder or as the insured: the latest day such a
   * contract ended or will end, and whether one still runs. An insured's data is kept for the
   * contract as the policyholder's is (it is performed for them, and claims come from them).
   */
  retentionFactsWithoutPurpose(
    clientIds: string[],
    manager?: EntityManager,
  ): Promise<Array<{ clientId: string; latestEndDate: string; anyActive: boolean }>> {
    return (manager ?? this.dataSource.manager).query(
      `WITH party AS (
         SELECT k.client_id AS party_id, k.start_date, k.end_date, k.cancelled_at
           FROM contract k WHERE k.client_id = ANY($1::uuid[])
         UNION ALL
         SELECT k.insured_id, k.start_date, k.end_date, k.cancelled_at
           FROM contract k WHERE k.insured_id = ANY($1::uuid[]) AND k.insured_id <> k.client_id
       )
       SELECT k.party_id AS "clientId",
              to_char(max(${effectiveEndSql('k')}), 'YYYY-MM-DD') AS "latestEndDate",
              bool_or(k.cancelled_at IS NULL AND k.end_date >= ${this.clock.todaySql}) AS "anyActive"
         FROM party k GROUP BY k.party_id`,
      [[...new Set(clientIds)]],
    );
  }

  /**
   * SQL: the contract named by `contractIdColumn` ended (a cancelled one on the day it was
   * cancelled) before the broker's calendar day of the instant in `beforeParam`.
   */
  endedBeforeSql(contractIdColumn: string, beforeParam: string): string {
    return `EXISTS (SELECT 1 FROM contract k WHERE k.id = ${contractIdColumn}
              AND ${effectiveEndSql('k')} < ${this.clock.dateOfSql(`${beforeParam}::timestamptz`)})`;
  }

  /** The contract table as a join, for a list of a contract's records that must stay one statement. */
  joinSql(alias: string, onColumn: string): string {
    return `JOIN contract ${alias} ON ${alias}.id = ${onColumn}`;
  }

  /** SQL expressions over a joined contract alias: its policy number, and whether it was cancelled. */
  columnSql(alias: string): { policyNumber: string; cancelled: string } {
    return { policyNumber: `${alias}.policy_number`, cancelled: `(${alias}.cancelled_at IS NOT NULL)` };
  }

  /** SQL: the client under `clientAlias` has a contract in the line named by `lobParam`. */
  clientHasLineSql(clientAlias: string, lobParam: string): string {
    return `EXISTS (SELECT 1 FROM contract ct WHERE ct.client_id = ${clientAlias}.id AND ct.line_of_business = ${lobParam})`;
  }

  /**
   * Erasure: the policy number identifies the person at the insurer and the free text may describe
   * them; the number is replaced and the text cleared, amounts, dates and products stay. A VIN, a
   * registration number and a property's address identify a person as well: they go when either
   * the policyholder or the insured is erased.
   */
  async eraseForErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE contract SET policy_number = 'erased-' || id::text, recommendation = NULL,
              cancellation_reason = CASE WHEN cancelled_at IS NULL THEN NULL ELSE 'erased' END
        WHERE client_id = ANY($1::uuid[])`,
      [clientIds],
    );
    await manager.query(
      `UPDATE contract SET insured_object = ${erasedInsuredObjectSql('insured_object')}
        WHERE (client_id = ANY($1::uuid[]) OR insured_id = ANY($1::uuid[])) AND insured_object IS NOT NULL`,
      [clientIds],
    );
  }

  /** Demo data: how many contracts the given clients hold. */
  async countForClientsSeed(clientIds: string[], manager: EntityManager): Promise<number> {
    const [{ count }]: Array<{ count: number }> = await manager.query(
      `SELECT count(*)::int AS count FROM contract WHERE client_id = ANY($1::uuid[])`,
      [clientIds],
    );
    return count;
  }

  /**
   * Demo data: a contract as the seed makes it, dated relative to today (`startDay`, `endDay`; a
   * contract starting in the future runs a year longer), cancelled ten days ago when asked.
   */
  async insertSeed(
    input: CommonContractValues & {
      startDay: number;
      endDay: number;
      cancelled: boolean;
      source?: RegisteredContract['source'];
      insuredId?: string | null;
      insuredObject?: StoredInsuredObject | null;
    },
    manager: EntityManager,
  ): Promise<void> {
    const today = this.clock.todaySql;
    await manager.query(
      `INSERT INTO contract (${CONTRACT_COLUMNS}, start_date, end_date, cancelled_at, cancellation_reason, created_at,
                             source, insured_id, insured_object)
       VALUES (${CONTRACT_VALUES}, ${today} + $14::int, ${today} + $15::int + CASE WHEN $14::int > 0 THEN 365 ELSE 0 END,
               CASE WHEN $16 THEN now() - interval '10 days' END, CASE WHEN $16 THEN 'Vehicle sold; policy ended early' END,
               now() - make_interval(days => GREATEST(0, -$14::int)), $17, $18, $19)`,
      [
        ...contractValues(input),
        input.startDay,
        input.endDay,
        input.cancelled,
        input.source ?? 'own',
        input.insuredId ?? null,
        input.insuredObject ? JSON.stringify(input.insuredObject) : null,
      ],
    );
  }
}
