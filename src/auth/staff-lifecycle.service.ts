import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditReason, AuditRecorder } from '@app/audit';
import { ConflictError, NotFoundError } from '@app/common/errors/domain-error';
import { Role } from '@app/privacy';
import { LastAdministratorError } from './auth.errors';
import { assertPasswordAllowed } from './password-policy';
import { SessionState } from './session-state';
import { SessionStore } from './session-store';
import { SessionsService } from './sessions.service';
import { AccessChange, NewStaff, StaffAccess, StaffService, StaffView } from './staff.service';

/** A temporary password is 24 random characters from this alphabet (no look-alikes such as 0/O, 1/l). */
const TEMPORARY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * An administrator's changes to staff accounts: creation, name and role, deactivation and
 * reactivation, password reset. Each change and its entry in the record of operations commit in
 * one transaction; a change of access also bumps the account's session version and revokes its
 * sessions, and is published to every instance right after the commit, so the holder's next
 * request is refused (401 SESSION_REVOKED).
 */
@Injectable()
export class StaffLifecycleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffService,
    private readonly store: SessionStore,
    private readonly state: SessionState,
    private readonly sessions: SessionsService,
    private readonly audit: AuditRecorder,
  ) {}

  async create(input: NewStaff): Promise<StaffView> {
    assertPasswordAllowed(input.password, input.email);
    return this.db.transaction(async (manager) => {
      const created = await this.staff.create(input, manager);
      await this.audit.record(
        {
          action: 'create',
          resource: 'staff',
          resourceId: created.id,
          outcome: 'allowed',
          reason: created.role,
        },
        manager,
      );
      return created;
    });
  }

  async update(id: string, input: { fullName?: string; role?: Role }): Promise<StaffView> {
    const roleChanges = (before: StaffAccess) => input.role !== undefined && input.role !== before.role;
    return this.change(
      id,
      input,
      (before) =>
        roleChanges(before)
          ? `role_changed:${input.role!}`
          : input.fullName !== undefined
            ? 'renamed'
            : 'unchanged',
      async (manager, before) => {
        if (roleChanges(before) && before.role === 'admin') await this.keepAnAdmin(manager, id);
        // A new name changes nobody's access: sessions continue unless the role changes.
        return roleChanges(before);
      },
    );
  }

  async deactivate(actorId: string, id: string): Promise<StaffView> {
    if (actorId === id)
      throw new ConflictError(
        'An administrator cannot deactivate their own account',
        'CANNOT_DEACTIVATE_SELF',
      );
    return this.change(id, { active: false }, 'deactivated', async (manager, before) => {
      if (before.role === 'admin') await this.keepAnAdmin(manager, id);
      return true;
    });
  }

  async reactivate(id: string): Promise<StaffView> {
    return this.change(id, { active: true }, 'reactivated', async () => true);
  }

  /**
   * Sets a random temporary password, answered once and never stored in clear. Every session of
   * the account ends; a sign-in with the temporary password may only change it.
   */
  async resetPassword(id: string): Promise<{ temporaryPassword: string }> {
    const temporaryPassword = temporary();
    await this.change(
      id,
      { password: temporaryPassword, mustChangePassword: true },
      'password_reset',
      async () => true,
    );
    return { temporaryPassword };
  }

  private async change(
    id: string,
    change: AccessChange,
    reason: AuditReason | ((before: StaffAccess) => AuditReason),
    guard: (manager: EntityManager, before: StaffAccess) => Promise<boolean>,
  ): Promise<StaffView> {
    let published: StaffAccess | null = null;
    await this.db.transaction(async (manager) => {
      const before = await this.staff.access(manager, id, true);
      if (!before) throw new NotFoundError('Staff member');
      const endsSessions = await guard(manager, before);
      const after = await this.staff.changeAccess(manager, id, change, endsSessions);
      if (endsSessions) {
        await this.store.revokeAllOf(manager, id, 'access_changed');
        await this.state.forget(id);
      }
      await this.audit.record(
        {
          action: 'update',
          resource: 'staff',
          resourceId: id,
          outcome: 'allowed',
          reason: typeof reason === 'string' ? reason : reason(before),
        },
        manager,
      );
      if (endsSessions) published = after;
    });
    if (published) await this.sessions.publish(published);
    const view = await this.staff.findById(id);
    if (!view) throw new NotFoundError('Staff member');
    return view;
  }

  private async keepAnAdmin(manager: EntityManager, id: string): Promise<void> {
    // Administrators' rows are locked in id order, so two demotions at once cannot both pass.
    if ((await this.staff.otherActiveAdmins(manager, id)) === 0) throw new LastAdministratorError();
  }
}

function temporary(): string {
  return Array.from({ length: 24 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]).join('');
}
