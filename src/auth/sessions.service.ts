import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditReason, AuditRecorder } from '@app/audit';
import { AppConfig } from '@app/common/config/app-config';
import { DomainError } from '@app/common/errors/domain-error';
import { AuthService, StaffPrincipal } from './auth.service';
import {
  CurrentPasswordWrongError,
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  RefreshTokenReusedError,
  SamePasswordError,
} from './auth.errors';
import { LoginBudget, TooManySignInsError } from './login-budget';
import { assertPasswordAllowed } from './password-policy';
import { SessionRevokedError, SessionState } from './session-state';
import { SessionStore } from './session-store';
import { StaffAccess, StaffService } from './staff.service';

export interface TokenPair {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  passwordChangeRequired: boolean;
}

const NO_ACTOR = { staffId: null, role: null, purpose: null };

/** A refresh's answer, decided inside its transaction and acted on after the commit. */
type RefreshOutcome =
  { pair: TokenPair } | { refused: DomainError; endSession?: { staffId: string; sessionId: string } };

/**
 * Sign-in, refresh, sign-out and the staff member's own password change. Every outcome is
 * recorded in the record of operations with ids only: a refused sign-in names the account's id
 * when the e-mail belongs to one, and nothing when it does not; the typed e-mail and password
 * are never recorded.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffService,
    private readonly store: SessionStore,
    private readonly state: SessionState,
    private readonly auth: AuthService,
    private readonly budget: LoginBudget,
    private readonly audit: AuditRecorder,
    private readonly config: AppConfig,
  ) {}

  /**
   * Checks an e-mail and password against the login budgets (shared by the API's sign-in and the
   * queue board's). Refusals are recorded and thrown; a success spends no budget.
   */
  async checkSignIn(email: string, password: string, address: string): Promise<StaffAccess> {
    try {
      await this.budget.take(email, address);
    } catch (error) {
      if (error instanceof TooManySignInsError) await this.recordRefusal(null, 'TOO_MANY_REQUESTS');
      throw error;
    }
    const check = await this.staff.checkCredentials(email, password);
    if (!check.ok) {
      await this.recordRefusal(check.staffId, check.reason);
      throw new InvalidCredentialsError();
    }
    await this.budget.refund(email, address);
    return check.account;
  }

  async login(email: string, password: string, address: string): Promise<TokenPair> {
    const account = await this.checkSignIn(email, password, address);
    return this.db.transaction(async (manager) => {
      const { sessionId, refreshToken } = await this.store.open(manager, account.id);
      await this.audit.record(
        {
          action: 'sign_in',
          resource: 'staff',
          resourceId: account.id,
          outcome: 'allowed',
          reason: null,
          actor: actorOf(account),
        },
        manager,
      );
      return this.pair(account, sessionId, refreshToken);
    });
  }

  /**
   * Rotates a refresh token. A used token presented again means it was copied: the whole family
   * is revoked (its access tokens too), and both holders must sign in again.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.db.transaction(async (manager): Promise<RefreshOutcome> => {
      const found = await this.store.lookup(manager, refreshToken);
      if (found.kind === 'unknown' || found.kind === 'expired')
        return { refused: new InvalidRefreshTokenError() };
      if (found.kind === 'revoked') return { refused: new SessionRevokedError() };
      if (found.kind === 'reused') {
        await this.store.revoke(manager, found.sessionId, 'reuse');
        // Recorded with the revocation it caused, in its transaction, naming the token's owner.
        await this.audit.recordDenial(
          {
            action: 'sign_in',
            resource: 'staff_session',
            resourceId: found.sessionId,
            reason: 'REFRESH_TOKEN_REUSED',
            actor: { ...NO_ACTOR, staffId: found.staffId },
          },
          manager,
        );
        return { refused: new RefreshTokenReusedError(), endSession: found };
      }
      const account = await this.staff.access(manager, found.staffId);
      if (!account || !account.active) {
        await this.store.revoke(manager, found.sessionId, 'access_changed');
        return { refused: new SessionRevokedError() };
      }
      const next = await this.store.rotate(manager, refreshToken, found.sessionId);
      return { pair: await this.pair(account, found.sessionId, next) };
    });
    if ('pair' in outcome) return outcome.pair;
    // The revocation committed; now its access tokens stop working on every instance too.
    if (outcome.endSession)
      await this.state.revokeSession(outcome.endSession.staffId, outcome.endSession.sessionId);
    throw outcome.refused;
  }

  /** Ends the caller's session at once; with `everywhere`, every session of theirs. */
  async logout(principal: StaffPrincipal, everywhere: boolean): Promise<void> {
    let bumped: StaffAccess | null = null;
    await this.db.transaction(async (manager) => {
      if (everywhere) {
        bumped = await this.staff.changeAccess(manager, principal.staffId, {});
        await this.store.revokeAllOf(manager, principal.staffId, 'logout');
        await this.state.forget(principal.staffId);
      } else if (principal.sessionId) {
        await this.store.revoke(manager, principal.sessionId, 'logout');
      }
      await this.audit.record(
        {
          action: 'sign_out',
          resource: 'staff_session',
          resourceId: everywhere ? null : principal.sessionId,
          outcome: 'allowed',
          reason: everywhere ? 'everywhere' : null,
        },
        manager,
      );
    });
    if (bumped) await this.publish(bumped);
    else if (principal.sessionId) await this.state.revokeSession(principal.staffId, principal.sessionId);
  }

  /**
   * The staff member's own password change: the current password is checked against the account's
   * login budget, the new one against the policy. Every session ends, this one included.
   */
  async changePassword(
    principal: StaffPrincipal,
    currentPassword: string,
    newPassword: string,
    address: string,
  ): Promise<void> {
    await this.budget.take(principal.email, address);
    if (!(await this.staff.passwordMatches(principal.staffId, currentPassword))) {
      // Carried to the edge, which records it once.
      const error = new CurrentPasswordWrongError();
      error.deniedAttempt = {
        action: 'update',
        resource: 'staff',
        resourceId: principal.staffId,
        reason: 'CURRENT_PASSWORD_WRONG',
      };
      throw error;
    }
    await this.budget.refund(principal.email, address);
    assertPasswordAllowed(newPassword, principal.email, 'newPassword');
    if (newPassword === currentPassword) throw new SamePasswordError();
    const changed = await this.db.transaction(async (manager) => {
      const access = await this.staff.changeAccess(manager, principal.staffId, {
        password: newPassword,
        mustChangePassword: false,
      });
      await this.store.revokeAllOf(manager, principal.staffId, 'access_changed');
      await this.state.forget(principal.staffId);
      await this.audit.record(
        {
          action: 'update',
          resource: 'staff',
          resourceId: principal.staffId,
          outcome: 'allowed',
          reason: 'password_changed',
        },
        manager,
      );
      return access;
    });
    if (changed) await this.publish(changed);
  }

  /** Makes a committed change visible to every instance. */
  async publish(access: StaffAccess): Promise<void> {
    await this.state.publish(access.id, {
      version: access.sessionVersion,
      role: access.role,
      active: access.active,
    });
  }

  private async pair(account: StaffAccess, sessionId: string, refreshToken: string): Promise<TokenPair> {
    const accessToken = await this.auth.issueAccessToken({
      staffId: account.id,
      email: account.email,
      role: account.role,
      sessionVersion: account.sessionVersion,
      sessionId,
      passwordChangeRequired: account.mustChangePassword,
    });
    return {
      accessToken,
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      passwordChangeRequired: account.mustChangePassword,
    };
  }

  private async recordRefusal(staffId: string | null, reason: AuditReason): Promise<void> {
    // Shared with the queue board's sign-in, which answers without the HTTP edge: recorded here.
    await this.audit.recordDenial({
      action: 'sign_in',
      resource: 'staff',
      resourceId: staffId,
      reason,
      actor: NO_ACTOR,
    });
  }
}

function actorOf(account: StaffAccess) {
  return { staffId: account.id, role: account.role, purpose: null };
}
