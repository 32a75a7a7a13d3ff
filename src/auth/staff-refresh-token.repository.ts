import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StaffSessionRepository } from './staff-session.repository';

/** A refresh token as stored: only its SHA-256 hash, usable once. */
export interface StaffRefreshTokenRow {
  session_id: string;
  staff_id: string;
  used: boolean;
  expired: boolean;
  revoked: boolean;
}

/** A presented token's family and state. */
export interface RefreshTokenState {
  sessionId: string;
  staffId: string;
  used: boolean;
  expired: boolean;
  /** Its session was revoked. */
  revoked: boolean;
}

function toTokenState(row: StaffRefreshTokenRow): RefreshTokenState {
  return {
    sessionId: row.session_id,
    staffId: row.staff_id,
    used: row.used,
    expired: row.expired,
    revoked: row.revoked,
  };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The `staff_refresh_token` table; every method runs in the caller's transaction. */
@Injectable()
export class StaffRefreshTokenRepository {
  constructor(private readonly sessions: StaffSessionRepository) {}

  async insert(manager: EntityManager, token: string, sessionId: string, ttlSeconds: number): Promise<void> {
    await manager.query(
      `INSERT INTO staff_refresh_token (token_hash, session_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [hashToken(token), sessionId, ttlSeconds],
    );
  }

  /** The token with its session, locking the token's row so that two concurrent uses cannot both rotate it. */
  async findForUpdate(manager: EntityManager, token: string): Promise<RefreshTokenState | null> {
    const rows = (await manager.query(
      `SELECT t.session_id::text AS session_id, s.staff_id::text AS staff_id, t.used_at IS NOT NULL AS used,
              t.expires_at <= now() AS expired, s.revoked_at IS NOT NULL AS revoked
         FROM staff_refresh_token t JOIN ${this.sessions.fromSql('s')} ON s.id = t.session_id
        WHERE t.token_hash = $1
        FOR UPDATE OF t`,
      [hashToken(token)],
    )) as StaffRefreshTokenRow[];
    return rows[0] ? toTokenState(rows[0]) : null;
  }

  async markUsed(manager: EntityManager, token: string): Promise<void> {
    await manager.query(`UPDATE staff_refresh_token SET used_at = now() WHERE token_hash = $1`, [
      hashToken(token),
    ]);
  }
}
