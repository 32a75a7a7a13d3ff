import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '@app/common/config/app-config';

export type RevokeReason = 'logout' | 'reuse' | 'access_changed';

/** What presenting a refresh token found. */
export type RefreshLookup =
  | { kind: 'unknown' }
  | { kind: 'expired' | 'revoked' | 'reused' | 'current'; sessionId: string; staffId: string };

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The tables staff_session (one row per sign-in: a refresh-token family) and staff_refresh_token
 * (SHA-256 hashes of the family's tokens, each usable once). Every method runs in the caller's
 * transaction, beside the record of operations' entry for the same change.
 */
@Injectable()
export class SessionStore {
  constructor(private readonly config: AppConfig) {}

  /** Opens a session and answers its id and first refresh token (the token is never stored). */
  async open(manager: EntityManager, staffId: string): Promise<{ sessionId: string; refreshToken: string }> {
    const [{ id }] = (await manager.query(
      `INSERT INTO staff_session (staff_id) VALUES ($1) RETURNING id::text`,
      [staffId],
    )) as Array<{ id: string }>;
    return { sessionId: id, refreshToken: await this.issue(manager, id) };
  }

  /** Finds the token's family, locking the token's row so that two concurrent uses cannot both rotate it. */
  async lookup(manager: EntityManager, refreshToken: string): Promise<RefreshLookup> {
    const rows = (await manager.query(
      `SELECT t.session_id::text AS "sessionId", s.staff_id::text AS "staffId", t.used_at IS NOT NULL AS used,
              t.expires_at <= now() AS expired, s.revoked_at IS NOT NULL AS revoked
         FROM staff_refresh_token t JOIN staff_session s ON s.id = t.session_id
        WHERE t.token_hash = $1
        FOR UPDATE OF t`,
      [hashToken(refreshToken)],
    )) as Array<{ sessionId: string; staffId: string; used: boolean; expired: boolean; revoked: boolean }>;
    const row = rows[0];
    if (!row) return { kind: 'unknown' };
    const kind = row.revoked ? 'revoked' : row.used ? 'reused' : row.expired ? 'expired' : 'current';
    return { kind, sessionId: row.sessionId, staffId: row.staffId };
  }

  /** Uses up the token and issues its successor in the same family. */
  async rotate(manager: EntityManager, refreshToken: string, sessionId: string): Promise<string> {
    await manager.query(`UPDATE staff_refresh_token SET used_at = now() WHERE token_hash = $1`, [
      hashToken(refreshToken),
    ]);
    await manager.query(`UPDATE staff_session SET last_used_at = now() WHERE id = $1`, [sessionId]);
    return this.issue(manager, sessionId);
  }

  /** Whether the session exists, belongs to the staff member and is open. */
  async isOpen(manager: EntityManager, sessionId: string, staffId: string): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM staff_session WHERE id = $1 AND staff_id = $2 AND revoked_at IS NULL`,
      [sessionId, staffId],
    )) as unknown[];
    return rows.length > 0;
  }

  async revoke(manager: EntityManager, sessionId: string, reason: RevokeReason): Promise<void> {
    await manager.query(
      `UPDATE staff_session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, reason],
    );
  }

  /** Ends every open session of a staff member (their access changed, or they signed out everywhere). */
  async revokeAllOf(manager: EntityManager, staffId: string, reason: RevokeReason): Promise<void> {
    await manager.query(
      `UPDATE staff_session SET revoked_at = now(), revoked_reason = $2 WHERE staff_id = $1 AND revoked_at IS NULL`,
      [staffId, reason],
    );
  }

  private async issue(manager: EntityManager, sessionId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await manager.query(
      `INSERT INTO staff_refresh_token (token_hash, session_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [hashToken(token), sessionId, this.config.REFRESH_TOKEN_TTL_SECONDS],
    );
    return token;
  }
}
