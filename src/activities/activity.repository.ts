import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PurgedRows, purgeRows, toPositional } from '@app/common/database/sql';
import { decodeCursor } from '@app/common/http/pagination';
import { Purpose, PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { ActivityKind } from './activity.dto';

export interface ActivityRow {
  id: string;
  clientId: string;
  restricted: boolean;
  erasureRefused: boolean;
  kind: ActivityKind;
  purpose: Purpose;
  at: string;
  summary: string;
  createdAt: string;
  createdBy: string | null;
}

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The `client_activity` table: the only code whose SQL names it. Reads take the privacy scope;
 * erasure and retention work without a purpose and say so in their names.
 */
@Injectable()
export class ActivityRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
  ) {}

  private select(): string {
    return `SELECT a.id::text, a.client_id::text AS "clientId", c.restricted, c.erasure_refused AS "erasureRefused",
        a.kind, a.purpose, ${TS('a.at')} AS at, a.summary, ${TS('a.created_at')} AS "createdAt", a.created_by::text AS "createdBy"
      FROM client_activity a ${this.clients.joinSql('c', 'a.client_id')}`;
  }

  async find(_scope: PrivacyScope, id: string, manager: EntityManager): Promise<ActivityRow | null> {
    const rows: ActivityRow[] = await manager.query(`${this.select()} WHERE a.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** A visible client's activities of the given purposes, newest first; one row more tells a next page. */
  page(
    _scope: PrivacyScope,
    query: { clientId: string; purposes: Purpose[]; cursor?: string; size: number },
  ): Promise<ActivityRow[]> {
    const named: Record<string, unknown> = { clientId: query.clientId, purposes: query.purposes };
    const conditions = ['a.client_id = :clientId::uuid', 'a.purpose = ANY(:purposes::text[])'];
    const cursor = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    if (cursor) {
      named.ck = cursor[0];
      named.cid = cursor[1];
      conditions.push('(a.at, a.id) < (:ck::timestamptz, :cid::uuid)');
    }
    const { sql, params } = toPositional(
      `${this.select()} WHERE ${conditions.join(' AND ')} ORDER BY a.at DESC, a.id DESC LIMIT ${query.size + 1}`,
      named,
    );
    return this.dataSource.query(sql, params);
  }

  async insert(
    activity: {
      clientId: string;
      kind: ActivityKind;
      purpose: Purpose;
      at: string;
      summary: string;
      createdBy: string;
    },
    manager: EntityManager,
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO client_activity (client_id, kind, purpose, at, summary, created_by)
       VALUES ($1, $2, $3, $4::timestamptz, $5, $6) RETURNING id::text`,
      [activity.clientId, activity.kind, activity.purpose, activity.at, activity.summary, activity.createdBy],
    );
    return row.id;
  }

  // ---- without a purpose: erasure, retention ----

  async deleteForErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM client_activity WHERE client_id = ANY($1::uuid[])`, [clientIds]);
  }

  /**
   * Retention of activities recorded under `purpose`: those from before `before` (the purpose's term
   * counted from the activity), and, for a purpose whose term runs until consent is withdrawn, only
   * while `consentEndedSql` (over `c`) holds. Deleted, or counted in a dry run.
   */
  async purgeWithoutPurpose(
    purpose: Purpose,
    before: Date,
    consentEndedSql: string | null,
    dryRun: boolean,
    manager: EntityManager,
  ): Promise<PurgedRows> {
    return purgeRows(
      manager,
      {
        table: 'client_activity',
        alias: 'a',
        from: `client_activity a ${this.clients.joinSql('c', 'a.client_id')}`,
        where: `a.purpose = $1 AND a.at < $2 AND ${consentEndedSql ?? 'true'}`,
        params: [purpose, before],
      },
      dryRun,
    );
  }

  /** Every activity on a client's timeline, oldest first, for the person's own access report (no purpose). */
  forDataSubject(clientId: string, manager?: EntityManager): Promise<ActivityRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `${this.select()} WHERE a.client_id = $1 ORDER BY a.at, a.id`,
      [clientId],
    );
  }
}
