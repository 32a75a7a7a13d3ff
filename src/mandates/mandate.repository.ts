import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { MandateMemberRepository } from './mandate-member.repository';
import { MandateEndAction, MandateField } from './mandate-terms';

/** A mandate as read (dates and timestamps as text, its members' ids with it). */
export interface MandateRow {
  id: string;
  insurerId: string;
  reference: string;
  validFrom: string;
  validTo: string;
  fields: MandateField[];
  endAction: MandateEndAction;
  status: 'active' | 'ended';
  inForce: boolean;
  endedAt: string | null;
  members: string[];
  createdAt: string;
  sortKey: string;
}

export type Mandate = Omit<MandateRow, 'sortKey'>;

function toMandate(row: MandateRow): Mandate {
  const { sortKey: _sortKey, ...rest } = row;
  return rest;
}

export interface NewMandate {
  id: string;
  insurerId: string;
  reference: string;
  validFrom: string;
  validTo: string;
  fields: MandateField[];
  endAction: MandateEndAction;
  createdBy: string;
}

/**
 * The `mandate` table (main schema): the agreements' metadata, not personal data of the persons
 * processed. Validity dates are calendar dates of the broker (BrokerClock.todaySql).
 */
@Injectable()
export class MandateRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MandateMemberRepository,
    private readonly clock: BrokerClock,
  ) {}

  private select(extra = ''): string {
    const today = this.clock.todaySql;
    return `SELECT m.id, m.insurer_id AS "insurerId", m.reference,
      to_char(m.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(m.valid_to, 'YYYY-MM-DD') AS "validTo",
      m.fields, m.end_action AS "endAction", m.status,
      (${today} BETWEEN m.valid_from AND m.valid_to) AS "inForce",
      to_char(m.ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "endedAt",
      ${this.members.membersColumnSql('m')} AS members,
      to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
      to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "sortKey"${extra}
    FROM mandate m`;
  }

  async insert(manager: EntityManager, input: NewMandate): Promise<void> {
    await manager.query(
      `INSERT INTO mandate (id, insurer_id, reference, valid_from, valid_to, fields, end_action, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        input.id,
        input.insurerId,
        input.reference,
        input.validFrom,
        input.validTo,
        input.fields,
        input.endAction,
        input.createdBy,
      ],
    );
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<Mandate | null> {
    const rows: MandateRow[] = await manager.query(`${this.select()} WHERE m.id = $1`, [id]);
    return rows[0] ? toMandate(rows[0]) : null;
  }

  /** Newest first; `memberId`: only the open mandates of which they are a member. */
  async page(options: {
    memberId: string | null;
    cursor: unknown[] | null;
    limit: number;
  }): Promise<Array<Mandate & { sortKey: string }>> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (options.memberId !== null) {
      params.push(options.memberId);
      where.push(`m.status = 'active' AND ${this.members.isMemberSql('m', `$${params.length}`)}`);
    }
    if (options.cursor) {
      params.push(options.cursor[0], options.cursor[1]);
      where.push(`(m.created_at, m.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    return this.dataSource.query(
      `${this.select()} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY m.created_at DESC, m.id DESC LIMIT ${options.limit}`,
      params,
    );
  }

  /** The mandate with whether the staff member is a member and whether its validity is past, in one read. */
  async findForMember(
    id: string,
    staffId: string | null,
  ): Promise<(Mandate & { member: boolean; expired: boolean }) | null> {
    const rows: Array<MandateRow & { member: boolean; expired: boolean }> = await this.dataSource.query(
      `${this.select(`, ${this.members.isMemberSql('m', '$2')} AS member,
           m.valid_to < ${this.clock.todaySql} AS expired`)} WHERE m.id = $1`,
      [id, staffId],
    );
    const row = rows[0];
    return row ? { ...toMandate(row), member: row.member, expired: row.expired } : null;
  }

  /** Mandates whose data may still be held, with their insurers. */
  openMandates(): Promise<Array<{ id: string; insurerId: string }>> {
    return this.dataSource.query(
      `SELECT id, insurer_id AS "insurerId" FROM mandate WHERE status = 'active' ORDER BY created_at, id`,
    );
  }

  /** Mandates not yet ended whose validTo lies before today. */
  async expired(): Promise<Mandate[]> {
    const rows: MandateRow[] = await this.dataSource.query(
      `${this.select()} WHERE m.status = 'active' AND m.valid_to < ${this.clock.todaySql} ORDER BY m.valid_to, m.id`,
    );
    return rows.map(toMandate);
  }

  /** Marks the mandate ended (once: a repeated end keeps the first time and who); answers when. */
  async markEnded(manager: EntityManager, id: string, endedBy: string | null): Promise<string> {
    const [row]: Array<{ endedAt: string }> = await manager.query(
      `UPDATE mandate SET status = 'ended', ended_at = coalesce(ended_at, now()), ended_by = coalesce(ended_by, $2)
        WHERE id = $1 RETURNING to_char(ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "endedAt"`,
      [id, endedBy],
    );
    return row.endedAt;
  }

  /** The demo seed's check whether its mandate exists. */
  async existsWithReference(reference: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM mandate WHERE reference = $1`, [
      reference,
    ]);
    return rows.length > 0;
  }
}
