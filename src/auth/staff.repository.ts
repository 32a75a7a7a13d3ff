import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@app/privacy';
import { StaffSessionRepository } from './staff-session.repository';

/** A staff account as stored (the password hash only where a method says so). */
export interface StaffRow {
  id: string;
  email: string;
  full_name: string;
  role: Role;
  active: boolean;
  session_version: number;
  must_change_password: boolean;
  created_at: Date;
  password_hash?: string;
}

export interface StaffMember {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  active: boolean;
  sessionVersion: number;
  mustChangePassword: boolean;
  createdAt: Date;
}

function toStaffMember(row: StaffRow): StaffMember {
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    role: row.role,
    active: row.active,
    sessionVersion: row.session_version,
    mustChangePassword: row.must_change_password,
    createdAt: row.created_at,
  };
}

const COLUMNS = `id::text, email, full_name, role, active, session_version, must_change_password, created_at`;

/** Columns an access change may set, by name. */
export interface StaffColumnChange {
  fullName?: string;
  role?: Role;
  active?: boolean;
  passwordHash?: string;
  mustChangePassword?: boolean;
}

/**
 * The `staff` table: accounts, their role and access state. Staff accounts are the broker's own
 * users, not data subjects of the registry, so the reads take no privacy scope.
 */
@Injectable()
export class StaffRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: StaffSessionRepository,
  ) {}

  /**
   * The access state and whether the session was revoked, in one statement: the session check
   * when Redis cannot answer.
   */
  async accessWithSession(
    staffId: string,
    sessionId: string | null,
  ): Promise<{ role: string; active: boolean; version: number; revoked: boolean } | null> {
    const rows = (await this.dataSource.query(
      `SELECT s.role, s.active, s.session_version AS version,
              EXISTS (SELECT 1 FROM ${this.sessions.fromSql('x')} WHERE x.id = $2 AND x.revoked_at IS NOT NULL) AS revoked
         FROM staff s WHERE s.id = $1`,
      [staffId, sessionId],
    )) as Array<{ role: string; active: boolean; version: number; revoked: boolean }>;
    return rows[0] ?? null;
  }

  async insert(
    manager: EntityManager | undefined,
    input: { email: string; fullName: string; role: Role; passwordHash: string; mustChangePassword: boolean },
  ): Promise<StaffMember> {
    const [row]: StaffRow[] = await (manager ?? this.dataSource.manager).query(
      `INSERT INTO staff (email, full_name, role, password_hash, must_change_password)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [input.email, input.fullName, input.role, input.passwordHash, input.mustChangePassword],
    );
    return toStaffMember(row);
  }

  async emailTaken(email: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM staff WHERE email = $1`, [email]);
    return rows.length > 0;
  }

  async findByEmail(email: string): Promise<StaffMember | null> {
    const rows: StaffRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM staff WHERE email = $1`, [
      email,
    ]);
    return rows[0] ? toStaffMember(rows[0]) : null;
  }

  /** The account and its password hash, by e-mail or by id (sign-in, password change). */
  async withPasswordHash(
    by: { email: string } | { id: string },
  ): Promise<(StaffMember & { passwordHash: string }) | null> {
    const [column, value] = 'email' in by ? ['email', by.email] : ['id', by.id];
    const rows: StaffRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, password_hash FROM staff WHERE ${column} = $1`,
      [value],
    );
    return rows[0] ? { ...toStaffMember(rows[0]), passwordHash: rows[0].password_hash! } : null;
  }

  /**
   * Applies a change in the caller's transaction; bumps the session version unless told not to.
   * Null when no such account.
   */
  async change(
    manager: EntityManager | undefined,
    id: string,
    change: StaffColumnChange,
    bumpVersion: boolean,
  ): Promise<StaffMember | null> {
    const sets: string[] = [
      bumpVersion ? 'session_version = session_version + 1' : 'session_version = session_version',
    ];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (change.fullName !== undefined) set('full_name', change.fullName);
    if (change.role !== undefined) set('role', change.role);
    if (change.active !== undefined) set('active', change.active);
    if (change.passwordHash !== undefined) set('password_hash', change.passwordHash);
    if (change.mustChangePassword !== undefined) set('must_change_password', change.mustChangePassword);
    const [rows] = (await (manager ?? this.dataSource.manager).query(
      `UPDATE staff SET ${sets.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
      params,
    )) as [StaffRow[], number];
    return rows[0] ? toStaffMember(rows[0]) : null;
  }

  /** The account, read in the caller's transaction (locked for update when asked). */
  async find(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<StaffMember | null> {
    const rows: StaffRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM staff WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toStaffMember(rows[0]) : null;
  }

  async findByIds(ids: string[]): Promise<StaffMember[]> {
    if (ids.length === 0) return [];
    const rows: StaffRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM staff WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(toStaffMember);
  }

  /** A page of accounts in e-mail order. */
  async page(afterEmail: string | null, limit: number): Promise<StaffMember[]> {
    const rows: StaffRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM staff ${afterEmail === null ? '' : 'WHERE email > $2'}
        ORDER BY email LIMIT $1`,
      afterEmail === null ? [limit] : [limit, afterEmail],
    );
    return rows.map(toStaffMember);
  }

  /** Locks the active administrators' rows in id order, so two demotions at once cannot both pass. */
  async lockActiveAdmins(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT id FROM staff WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`);
  }

  /** Active administrators, other than `exceptId` when given. */
  async countActiveAdmins(
    manager: EntityManager = this.dataSource.manager,
    exceptId?: string,
  ): Promise<number> {
    const [{ count }] = (await manager.query(
      `SELECT count(*)::int AS count FROM staff WHERE role = 'admin' AND active${exceptId ? ' AND id <> $1' : ''}`,
      exceptId ? [exceptId] : [],
    )) as Array<{ count: number }>;
    return count;
  }
}
