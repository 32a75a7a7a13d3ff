import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export type RevokeReason = 'logout' | 'reuse' | 'access_changed';

/** A session as stored: one row per sign-in, the family of its refresh tokens. */
export interface StaffSessionRow {
  id: string;
  staff_id: string;
  revoked_at: Date | null;
}

export interface StaffSession {
  id: string;
  staffId: string;
  revokedAt: Date | null;
}

export function toStaffSession(row: StaffSessionRow): StaffSession {
  return { id: row.id, staffId: row.staff_id, revokedAt: row.revoked_at };
}

/**
 * The `staff_session` table. Every method runs in the caller's transaction, beside the record of
 * operations' entry for the same change.
 */
@Injectable()
export class StaffSessionRepository {
  /** The table as a FROM item, for the statements that read a session with its token or its staff member. */
  fromSql(alias: string): string {
    return `staff_session ${alias}`;
  }

  async open(manager: EntityManager, staffId: string): Promise<string> {
    const [{ id }] = (await manager.query(
      `INSERT INTO staff_session (staff_id) VALUES ($1) RETURNING id::text`,
      [staffId],
    )) as Array<{ id: string }>;
    return id;
  }

  async touch(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.query(`UPDATE staff_session SET last_used_at = now() WHERE id = $1`, [sessionId]);
  }

  /** The session, if it belongs to the staff member and is open. */
  async findOpen(manager: EntityManager, sessionId: string, staffId: string): Promise<StaffSession | null> {
    const rows = (await manager.query(
      `SELECT id::text, staff_id::text, revoked_at FROM staff_session
        WHERE id = $1 AND staff_id = $2 AND revoked_at IS NULL`,
      [sessionId, staffId],
    )) as StaffSessionRow[];
    return rows[0] ? toStaffSession(rows[0]) : null;
  }

  async revoke(manager: EntityManager, sessionId: string, reason: RevokeReason): Promise<void> {
    await manager.query(
      `UPDATE staff_session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, reason],
    );
  }

  async revokeAllOf(manager: EntityManager, staffId: string, reason: RevokeReason): Promise<void> {
    await manager.query(
      `UPDATE staff_session SET revoked_at = now(), revoked_reason = $2 WHERE staff_id = $1 AND revoked_at IS NULL`,
      [staffId, reason],
    );
  }
}
