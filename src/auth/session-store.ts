import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '@app/common/config/app-config';
import { StaffRefreshTokenRepository } from './staff-refresh-token.repository';
import { RevokeReason, StaffSessionRepository } from './staff-session.repository';

export type { RevokeReason } from './staff-session.repository';

/** What presenting a refresh token found. */
export type RefreshLookup =
  | { kind: 'unknown' }
  | { kind: 'expired' | 'revoked' | 'reused' | 'current'; sessionId: string; staffId: string };

/**
 * Sessions (one per sign-in: a refresh-token family) and their refresh tokens (each usable once,
 * only a hash stored). Every method runs in the caller's transaction, beside the record of
 * operations' entry for the same change.
 */
@Injectable()
export class SessionStore {
  constructor(
    private readonly config: AppConfig,
    private readonly sessions: StaffSessionRepository,
    private readonly tokens: StaffRefreshTokenRepository,
  ) {}

  /** Opens a session and answers its id and first refresh token (the token is never stored). */
  async open(manager: EntityManager, staffId: string): Promise<{ sessionId: string; refreshToken: string }> {
    const sessionId = await this.sessions.open(manager, staffId);
    return { sessionId, refreshToken: await this.issue(manager, sessionId) };
  }

  /** Finds the token's family, locking the token's row so that two concurrent uses cannot both rotate it. */
  async lookup(manager: EntityManager, refreshToken: string): Promise<RefreshLookup> {
    const row = await this.tokens.findForUpdate(manager, refreshToken);
    if (!row) return { kind: 'unknown' };
    const kind = row.revoked ? 'revoked' : row.used ? 'reused' : row.expired ? 'expired' : 'current';
    return { kind, sessionId: row.sessionId, staffId: row.staffId };
  }

  /** Uses up the token and issues its successor in the same family. */
  async rotate(manager: EntityManager, refreshToken: string, sessionId: string): Promise<string> {
    await this.tokens.markUsed(manager, refreshToken);
    await this.sessions.touch(manager, sessionId);
    return this.issue(manager, sessionId);
  }

  /** Whether the session exists, belongs to the staff member and is open. */
  async isOpen(manager: EntityManager, sessionId: string, staffId: string): Promise<boolean> {
    return (await this.sessions.findOpen(manager, sessionId, staffId)) !== null;
  }

  revoke(manager: EntityManager, sessionId: string, reason: RevokeReason): Promise<void> {
    return this.sessions.revoke(manager, sessionId, reason);
  }

  /** Ends every open session of a staff member (their access changed, or they signed out everywhere). */
  revokeAllOf(manager: EntityManager, staffId: string, reason: RevokeReason): Promise<void> {
    return this.sessions.revokeAllOf(manager, staffId, reason);
  }

  private async issue(manager: EntityManager, sessionId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.tokens.insert(manager, token, sessionId, this.config.REFRESH_TOKEN_TTL_SECONDS);
    return token;
  }
}
