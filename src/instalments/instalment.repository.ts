import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { toPositional } from '@app/common/database/sql';
import { decodeCursor } from '@app/common/http/pagination';
import { PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { ContractsService } from '../contracts';
import { InstalmentRow } from './instalment-row';
import { PlannedInstalment } from './schedule';

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `i.id::text, i.contract_id::text AS "contractId", i.client_id::text AS "clientId",
  c.restricted, c.erasure_refused AS "erasureRefused", i.number, i.count,
  to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate", i.amount, i.paid_amount AS "paidAmount",
  to_char(i.paid_at, 'YYYY-MM-DD') AS "paidAt", i.currency, ${TS('i.created_at')} AS "createdAt"`;

/** An unpaid instalment of a current schedule whose day has passed on `day` (an SQL date). */
const overdueSql = (alias: string, day: string) =>
  `(${alias}.superseded_at IS NULL AND ${alias}.paid_amount < ${alias}.amount AND ${alias}.due_date < ${day})`;

/**
 * The `instalment` table: the only code whose SQL names it. Reads of personal data take the
 * privacy scope; work without a purpose (reminder scans, reports, seeding) says so in its name.
 */
@Injectable()
export class InstalmentRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
    private readonly contracts: ContractsService,
    private readonly clock: BrokerClock,
  ) {}

  private runner(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** The current schedule of a contract, first instalment first; the caller decided visibility. */
  ofContract(_scope: PrivacyScope, contractId: string, manager?: EntityManager): Promise<InstalmentRow[]> {
    return this.runner(manager).query(
      `SELECT ${COLUMNS} FROM instalment i ${this.clients.joinSql('c', 'i.client_id')}
        WHERE i.contract_id = $1 AND i.superseded_at IS NULL ORDER BY i.number`,
      [contractId],
    );
  }

  /** The current schedules of these contracts, by contract and number; the caller decided visibility. */
  ofContracts(
    _scope: PrivacyScope,
    contractIds: string[],
    manager?: EntityManager,
  ): Promise<InstalmentRow[]> {
    return this.runner(manager).query(
      `SELECT ${COLUMNS} FROM instalment i ${this.clients.joinSql('c', 'i.client_id')}
        WHERE i.contract_id = ANY($1::uuid[]) AND i.superseded_at IS NULL ORDER BY i.contract_id, i.number`,
      [contractIds],
    );
  }

  /** One instalment of a current schedule (optionally locked); the caller decides visibility. */
  async find(
    _scope: PrivacyScope,
    id: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<InstalmentRow | null> {
    const rows: InstalmentRow[] = await this.runner(manager).query(
      `SELECT ${COLUMNS} FROM instalment i ${this.clients.joinSql('c', 'i.client_id')}
        WHERE i.id = $1 AND i.superseded_at IS NULL${lock ? ' FOR UPDATE OF i' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Instalments visible under the scope (their client, the contract and the due date), oldest due
   * first; only the overdue ones when asked; with the contract's policy number. One row more than
   * `size` tells there is a next page.
   */
  page(
    scope: PrivacyScope,
    query: { overdue: boolean; cursor?: string; size: number; filteredFields: string[] },
  ): Promise<InstalmentRow[]> {
    const translators = this.clients.sqlTranslators('c');
    const visible = scope.clientRecordSql('Instalment', translators);
    const contract = scope.visibleSql('Contract', {});
    const conditions = [visible.sql, contract.sql, 'i.superseded_at IS NULL'];
    const named: Record<string, unknown> = { ...visible.params, ...contract.params };
    for (const field of new Set(query.filteredFields)) {
      const own = scope.visibleSql('Instalment', {}, field);
      conditions.push(own.sql);
      Object.assign(named, own.params);
    }
    if (query.overdue) conditions.push(overdueSql('i', this.clock.todaySql));
    const cursor = decodeCursor(query.cursor, ['date', 'uuid']);
    if (cursor) {
      named.ck = cursor[0];
      named.cid = cursor[1];
      conditions.push(`(i.due_date, i.id) > (:ck::date, :cid::uuid)`);
    }
    const k = this.contracts.columnSql('k');
    const { sql, params } = toPositional(
      `SELECT ${COLUMNS}, ${k.policyNumber} AS "policyNumber", to_char(i.due_date, 'YYYY-MM-DD') AS "sortKey"
         FROM instalment i ${this.contracts.joinSql('k', 'i.contract_id')} ${this.clients.joinSql('c', 'i.client_id')}
        WHERE ${conditions.join(' AND ')}
        ORDER BY i.due_date ASC, i.id ASC LIMIT ${query.size + 1}`,
      named,
    );
    return this.dataSource.query(sql, params);
  }

  /**
   * Serialises the changes of one contract's schedule (a new schedule, a payment): a transaction
   * lock on the contract's id, held until the caller's transaction ends.
   */
  async lockSchedule(contractId: string, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('instalment:' || $1::text, 0))`, [
      contractId,
    ]);
  }

  /** Whether any instalment of the contract's current schedule has a payment; null without a schedule. */
  async scheduleState(contractId: string, manager: EntityManager): Promise<{ paid: boolean } | null> {
    const [row]: Array<{ n: number; paid: boolean }> = await manager.query(
      `SELECT count(*)::int AS n, coalesce(bool_or(paid_amount > 0), false) AS paid
         FROM instalment WHERE contract_id = $1 AND superseded_at IS NULL`,
      [contractId],
    );
    return row.n === 0 ? null : { paid: row.paid };
  }

  /** Sets the contract's current schedule aside (kept: reminders already sent refer to it). */
  async supersede(contractId: string, manager: EntityManager): Promise<number> {
    const [, count]: [unknown[], number] = await manager.query(
      `UPDATE instalment SET superseded_at = now() WHERE contract_id = $1 AND superseded_at IS NULL`,
      [contractId],
    );
    return count;
  }

  async insertSchedule(
    input: {
      contractId: string;
      clientId: string;
      currency: string;
      createdBy: string | null;
      plan: PlannedInstalment[];
    },
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO instalment (contract_id, client_id, number, count, due_date, amount, currency, created_by)
       SELECT $1, $2, p.number, $3, p.due_date, p.amount, $4, $5
         FROM unnest($6::int[], $7::date[], $8::bigint[]) AS p(number, due_date, amount)`,
      [
        input.contractId,
        input.clientId,
        input.plan.length,
        input.currency,
        input.createdBy,
        input.plan.map((p) => p.number),
        input.plan.map((p) => p.dueDate),
        input.plan.map((p) => p.amount),
      ],
    );
  }

  /** Adds a payment: the amounts add up, the payment day is the latest one. */
  async addPayment(id: string, amount: number, paidAt: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE instalment SET paid_amount = paid_amount + $2::bigint,
              paid_at = GREATEST(coalesce(paid_at, $3::date), $3::date)
        WHERE id = $1`,
      [id, amount, paidAt],
    );
  }

  // ---- without a purpose: reminder scans, data-subject requests, seeding ----

  /**
   * The instalment a reminder is about, by primary key, whatever its schedule: the amounts, the
   * payments and the contract's policy number and cancellation.
   */
  async forReminderWithoutPurpose(id: string): Promise<
    | (Pick<
        InstalmentRow,
        | 'id'
        | 'contractId'
        | 'clientId'
        | 'number'
        | 'count'
        | 'dueDate'
        | 'amount'
        | 'paidAmount'
        | 'currency'
      > & {
        superseded: boolean;
        contractCancelled: boolean;
      })
    | null
  > {
    const k = this.contracts.columnSql('k');
    const rows = await this.dataSource.query(
      `SELECT i.id::text, i.contract_id::text AS "contractId", i.client_id::text AS "clientId", i.number, i.count,
              to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate", i.amount, i.paid_amount AS "paidAmount", i.currency,
              i.superseded_at IS NOT NULL AS superseded, ${k.cancelled} AS "contractCancelled"
         FROM instalment i ${this.contracts.joinSql('k', 'i.contract_id')} WHERE i.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * The SELECT the reminder scan inserts from: the overdue instalments on `day` of contracts not
   * cancelled, with their client under `c` (joined left, so a missing client is still seen).
   */
  overdueForScanSql(dayParam: string): string {
    const k = this.contracts.columnSql('k');
    return `FROM instalment i ${this.contracts.joinSql('k', 'i.contract_id')}
            LEFT ${this.clients.joinSql('c', 'i.client_id')}
           WHERE ${overdueSql('i', `${dayParam}::date`)} AND NOT ${k.cancelled}`;
  }

  /** The overdue instalments on `day` of contracts not cancelled (current schedules), oldest due first. */
  overdueOnWithoutPurpose(
    day: string,
  ): Promise<Array<{ id: string; contractId: string; clientId: string; dueDate: string }>> {
    return this.dataSource.query(
      `SELECT i.id::text, i.contract_id::text AS "contractId", i.client_id::text AS "clientId",
              to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate"
         ${this.overdueForScanSql('$1')} ORDER BY i.due_date, i.id`,
      [day],
    );
  }

  /** Every instalment of a client, current and superseded schedules, by contract and number. */
  forClientWithoutPurpose(
    clientId: string,
    manager?: EntityManager,
  ): Promise<
    Array<
      Omit<InstalmentRow, 'restricted' | 'erasureRefused' | 'createdAt'> & {
        policyNumber: string;
        supersededAt: string | null;
      }
    >
  > {
    const k = this.contracts.columnSql('k');
    return this.runner(manager).query(
      `SELECT i.id::text, i.contract_id::text AS "contractId", i.client_id::text AS "clientId", i.number, i.count,
              to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate", i.amount, i.paid_amount AS "paidAmount",
              to_char(i.paid_at, 'YYYY-MM-DD') AS "paidAt", i.currency, ${k.policyNumber} AS "policyNumber",
              ${TS('i.superseded_at')} AS "supersededAt"
         FROM instalment i ${this.contracts.joinSql('k', 'i.contract_id')}
        WHERE i.client_id = $1 ORDER BY i.contract_id, i.superseded_at NULLS FIRST, i.number`,
      [clientId],
    );
  }

  /** Demo data: how many instalments the given contracts have. */
  async countForContractsSeed(contractIds: string[], manager: EntityManager): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM instalment WHERE contract_id = ANY($1::uuid[])`,
      [contractIds],
    );
    return n;
  }

  /** Demo data: a payment as the seed records it, without a staff member. */
  async paySeed(contractId: string, number: number, paidAt: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE instalment SET paid_amount = amount, paid_at = $3::date
        WHERE contract_id = $1 AND number = $2 AND superseded_at IS NULL AND amount > 0`,
      [contractId, number, paidAt],
    );
  }
}
