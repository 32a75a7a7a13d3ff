import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PurgedRows, purgeRows, toPositional } from '@app/common/database/sql';
import { decodeCursor } from '@app/common/http/pagination';
import { Purpose, PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { TaskKind, TaskStatus } from './task.dto';

export interface TaskRow {
  id: string;
  clientId: string;
  restricted: boolean;
  erasureRefused: boolean;
  contractId: string | null;
  instalmentId: string | null;
  kind: TaskKind;
  purpose: Purpose;
  status: TaskStatus;
  title: string;
  description: string | null;
  dueDate: string | null;
  assigneeId: string | null;
  createdAt: string;
  createdBy: string | null;
  completedAt: string | null;
  sortKey: string;
}

/** A task the daily scan makes: its unique key makes every later scan a no-op for it. */
export interface ScannedTask {
  autoKey: string;
  kind: Exclude<TaskKind, 'manual'>;
  clientId: string;
  contractId: string;
  instalmentId: string | null;
  title: string;
  dueDate: string;
}

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const LAST_DAY = `'9999-12-31'::date`;

/**
 * The `task` table: the only code whose SQL names it. Reads of personal data take the privacy
 * scope; the scan, erasure and retention work without a purpose and say so in their names.
 */
@Injectable()
export class TaskRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
  ) {}

  private select(): string {
    return `SELECT t.id::text, t.client_id::text AS "clientId", c.restricted, c.erasure_refused AS "erasureRefused",
        t.contract_id::text AS "contractId", t.instalment_id::text AS "instalmentId", t.kind, t.purpose, t.status,
        t.title, t.description, to_char(t.due_date, 'YYYY-MM-DD') AS "dueDate", t.assignee_id::text AS "assigneeId",
        ${TS('t.created_at')} AS "createdAt", t.created_by::text AS "createdBy", ${TS('t.completed_at')} AS "completedAt",
        to_char(coalesce(t.due_date, ${LAST_DAY}), 'YYYY-MM-DD') AS "sortKey"
      FROM task t ${this.clients.joinSql('c', 't.client_id')}`;
  }

  async find(
    _scope: PrivacyScope,
    id: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<TaskRow | null> {
    const rows: TaskRow[] = await (manager ?? this.dataSource.manager).query(
      `${this.select()} WHERE t.id = $1${lock ? ' FOR UPDATE OF t' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Tasks visible under the scope (its purposes' tasks of clients it sees), earliest due first. */
  page(
    scope: PrivacyScope,
    query: {
      purposes: Purpose[];
      assignee?: { id: string } | 'unassigned';
      status?: TaskStatus;
      clientId?: string;
      kind?: TaskKind;
      cursor?: string;
      size: number;
    },
  ): Promise<TaskRow[]> {
    const visible = scope.clientRecordSql('Task', this.clients.sqlTranslators('c'));
    const conditions = [visible.sql, 't.purpose = ANY(:purposes::text[])'];
    const named: Record<string, unknown> = { ...visible.params, purposes: query.purposes };
    if (query.assignee === 'unassigned') conditions.push('t.assignee_id IS NULL');
    else if (query.assignee) {
      conditions.push('t.assignee_id = :assignee::uuid');
      named.assignee = query.assignee.id;
    }
    for (const [key, column] of [
      ['status', 't.status'],
      ['kind', 't.kind'],
    ] as const) {
      if (query[key]) {
        conditions.push(`${column} = :${key}`);
        named[key] = query[key];
      }
    }
    if (query.clientId) {
      conditions.push('t.client_id = :clientId::uuid');
      named.clientId = query.clientId;
    }
    const cursor = decodeCursor(query.cursor, ['date', 'uuid']);
    if (cursor) {
      named.ck = cursor[0];
      named.cid = cursor[1];
      conditions.push(`(coalesce(t.due_date, ${LAST_DAY}), t.id) > (:ck::date, :cid::uuid)`);
    }
    const { sql, params } = toPositional(
      `${this.select()} WHERE ${conditions.join(' AND ')}
        ORDER BY coalesce(t.due_date, ${LAST_DAY}), t.id LIMIT ${query.size + 1}`,
      named,
    );
    return this.dataSource.query(sql, params);
  }

  async insert(
    task: {
      clientId: string;
      contractId: string | null;
      purpose: Purpose;
      title: string;
      description: string | null;
      dueDate: string | null;
      assigneeId: string | null;
      createdBy: string;
    },
    manager: EntityManager,
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO task (client_id, contract_id, kind, purpose, title, description, due_date, assignee_id, created_by)
       VALUES ($1, $2, 'manual', $3, $4, $5, $6, $7, $8) RETURNING id::text`,
      [
        task.clientId,
        task.contractId,
        task.purpose,
        task.title,
        task.description,
        task.dueDate,
        task.assigneeId,
        task.createdBy,
      ],
    );
    return row.id;
  }

  async update(
    id: string,
    change: {
      status?: TaskStatus;
      assigneeId?: string | null;
      title?: string;
      dueDate?: string | null;
      by: string;
    },
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE task SET
          status = coalesce($2, status),
          completed_at = CASE WHEN $2 IS NULL THEN completed_at WHEN $2 = 'open' THEN NULL ELSE coalesce(completed_at, now()) END,
          completed_by = CASE WHEN $2 IS NULL THEN completed_by WHEN $2 = 'open' THEN NULL ELSE $8::uuid END,
          assignee_id = CASE WHEN $3::boolean THEN $4::uuid ELSE assignee_id END,
          title = coalesce($5, title),
          due_date = CASE WHEN $6::boolean THEN $7::date ELSE due_date END
        WHERE id = $1`,
      [
        id,
        change.status ?? null,
        change.assigneeId !== undefined,
        change.assigneeId ?? null,
        change.title ?? null,
        change.dueDate !== undefined,
        change.dueDate ?? null,
        change.by,
      ],
    );
  }

  // ---- without a purpose: the daily scan, erasure, retention ----

  /**
   * The scan's tasks, each at most once (the unique key), only for clients `clientVisibleSql` (over
   * `c`) lets the scan's purpose see; answers those newly made.
   */
  async insertScannedWithoutPurpose(
    tasks: ScannedTask[],
    purpose: Purpose,
    clientVisible: { sql: string; params: Record<string, unknown> },
    manager: EntityManager,
  ): Promise<Array<{ id: string; kind: TaskKind; clientId: string }>> {
    if (tasks.length === 0) return [];
    const { sql, params } = toPositional(
      `INSERT INTO task (client_id, contract_id, instalment_id, kind, purpose, title, due_date, auto_key)
       SELECT r.client_id, r.contract_id, r.instalment_id, r.kind, :purpose, r.title, r.due_date, r.auto_key
         FROM unnest(:clientIds::uuid[], :contractIds::uuid[], :instalmentIds::uuid[], :kinds::text[],
                     :titles::text[], :dueDates::date[], :keys::text[])
              AS r(client_id, contract_id, instalment_id, kind, title, due_date, auto_key)
         ${this.clients.joinSql('c', 'r.client_id')}
        WHERE ${clientVisible.sql}
       ON CONFLICT (auto_key) WHERE auto_key IS NOT NULL DO NOTHING
       RETURNING id::text, kind, client_id::text AS "clientId"`,
      {
        ...clientVisible.params,
        purpose,
        clientIds: tasks.map((t) => t.clientId),
        contractIds: tasks.map((t) => t.contractId),
        instalmentIds: tasks.map((t) => t.instalmentId),
        kinds: tasks.map((t) => t.kind),
        titles: tasks.map((t) => t.title),
        dueDates: tasks.map((t) => t.dueDate),
        keys: tasks.map((t) => t.autoKey),
      },
    );
    return manager.query(sql, params);
  }

  /** Erasure: a task about the person goes with them (its title and description may name them). */
  async deleteForErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM task WHERE client_id = ANY($1::uuid[])`, [clientIds]);
  }

  /**
   * Retention of tasks kept under `purpose`: finished (done or cancelled) before `before`, or, for a
   * purpose whose term runs until consent is withdrawn, finished while `consentEndedSql` (over `c`)
   * holds. Deleted, or counted in a dry run; answers whose they were.
   */
  async purgeWithoutPurpose(
    purpose: Purpose,
    before: Date,
    consentEndedSql: string | null,
    dryRun: boolean,
    manager: EntityManager,
  ): Promise<PurgedRows> {
    const ended = consentEndedSql ?? 'true';
    return purgeRows(
      manager,
      {
        table: 'task',
        alias: 't',
        from: `task t ${this.clients.joinSql('c', 't.client_id')}`,
        where: `t.purpose = $1 AND t.completed_at IS NOT NULL AND t.completed_at < $2 AND ${ended}`,
        params: [purpose, before],
      },
      dryRun,
    );
  }

  /** Every task about a client, oldest first, for the person's own access report (no purpose). */
  forDataSubject(clientId: string, manager?: EntityManager): Promise<TaskRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `${this.select()} WHERE t.client_id = $1 ORDER BY t.created_at, t.id`,
      [clientId],
    );
  }
}
