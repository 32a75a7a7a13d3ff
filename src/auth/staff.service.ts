import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { EntityManager } from 'typeorm';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import { Role } from '@app/privacy';
import { StaffEmailTakenError } from './auth.errors';
import { SessionState } from './session-state';
import { StaffMember, StaffRepository } from './staff.repository';

export interface NewStaff {
  email: string;
  password: string;
  fullName: string;
  role: Role;
}

export type StaffView = Omit<StaffMember, 'createdAt' | 'sessionVersion'> & {
  createdAt: string;
};

/** An account's access as of a change or a sign-in. */
export interface StaffAccess {
  id: string;
  email: string;
  role: Role;
  active: boolean;
  sessionVersion: number;
  mustChangePassword: boolean;
}

export type CredentialCheck =
  | { ok: true; account: StaffAccess }
  | { ok: false; reason: 'INVALID_CREDENTIALS' | 'ACCOUNT_INACTIVE'; staffId: string | null };

/** What a lifecycle change sets; every such change ends the account's sessions (bumps the version). */
export interface AccessChange {
  fullName?: string;
  role?: Role;
  active?: boolean;
  password?: string;
  mustChangePassword?: boolean;
}

/** argon2id with the library's recommended cost (64 MiB, 3 passes). */
const HASH_OPTIONS = { type: argon2.argon2id } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

@Injectable()
export class StaffService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly state: SessionState,
  ) {}

  /** Creates an account (in the caller's transaction when given one); the caller applies the password policy. */
  async create(
    input: NewStaff & { mustChangePassword?: boolean },
    manager?: EntityManager,
  ): Promise<StaffView> {
    const email = input.email.trim().toLowerCase();
    if (await this.staff.emailTaken(email, manager)) throw new StaffEmailTakenError();
    const passwordHash = await hashPassword(input.password);
    const saved = await this.staff.insert(manager, {
      email,
      fullName: input.fullName,
      role: input.role,
      passwordHash,
      mustChangePassword: input.mustChangePassword ?? false,
    });
    return this.view(saved);
  }

  /**
   * Creates or updates an account to the given state, without the password policy; used by the
   * demo seed (never in production) and the tests. Existing sessions of the account end.
   */
  async upsert(input: NewStaff): Promise<StaffView> {
    const email = input.email.trim().toLowerCase();
    const existing = await this.staff.findByEmail(email);
    if (!existing) return this.create(input);
    await this.state.forget(existing.id);
    const changed = await this.changeAccess(undefined, existing.id, {
      fullName: input.fullName,
      role: input.role,
      active: true,
      password: input.password,
      mustChangePassword: false,
    });
    await this.state.publish(existing.id, {
      version: changed!.sessionVersion,
      role: input.role,
      active: true,
    });
    return this.view({
      ...existing,
      fullName: input.fullName,
      role: input.role,
      active: true,
      mustChangePassword: false,
    });
  }

  /**
   * Applies a lifecycle change in the caller's transaction and (unless told otherwise) bumps the
   * session version, so every token issued before stops working once the new state is published.
   * Null when no such account.
   */
  async changeAccess(
    manager: EntityManager | undefined,
    id: string,
    change: AccessChange,
    endSessions = true,
  ): Promise<StaffAccess | null> {
    const { password, ...columns } = change;
    const passwordHash = password !== undefined ? await hashPassword(password) : undefined;
    const changed = await this.staff.change(manager, id, { ...columns, passwordHash }, endSessions);
    return changed ? accessOf(changed) : null;
  }

  /** The account's current access, read in the caller's transaction (locked for update when asked). */
  async access(manager: EntityManager, id: string, lock = false): Promise<StaffAccess | null> {
    const found = await this.staff.find(id, manager, lock);
    return found ? accessOf(found) : null;
  }

  /** Locks the active administrators and counts those other than the given account (one must stay). */
  async otherActiveAdmins(manager: EntityManager, id: string): Promise<number> {
    await this.staff.lockActiveAdmins(manager);
    return this.staff.countActiveAdmins(manager, id);
  }

  /** Active administrators (the first one is created when there is none). */
  activeAdmins(): Promise<number> {
    return this.staff.countActiveAdmins();
  }

  async list(limit: number | undefined, cursor: string | undefined): Promise<Page<StaffView>> {
    const size = pageSize(limit);
    const after = decodeCursor(cursor, ['text']);
    const rows = await this.staff.page(after ? (after[0] as string) : null, size + 1);
    const items = rows.slice(0, size).map((r) => this.view(r));
    return { items, nextCursor: rows.length > size ? encodeCursor([items[items.length - 1].email]) : null };
  }

  async findById(id: string): Promise<StaffView | null> {
    const row = await this.staff.find(id);
    return row ? this.view(row) : null;
  }

  async findByEmail(email: string): Promise<StaffView | null> {
    const row = await this.staff.findByEmail(email.trim().toLowerCase());
    return row ? this.view(row) : null;
  }

  async findByIds(ids: string[]): Promise<StaffView[]> {
    return (await this.staff.findByIds(ids)).map((r) => this.view(r));
  }

  /**
   * Checks an e-mail and password. Runs a hash even for unknown or inactive accounts, so the
   * answer takes as long whichever it is. A refusal names the account's id when there is one.
   */
  async checkCredentials(emailRaw: string, password: string): Promise<CredentialCheck> {
    const email = emailRaw.trim().toLowerCase();
    const row = await this.staff.withPasswordHash({ email });
    if (!row) {
      await argon2.hash(password, HASH_OPTIONS);
      return { ok: false, reason: 'INVALID_CREDENTIALS', staffId: null };
    }
    if (!row.active) {
      await argon2.hash(password, HASH_OPTIONS);
      return { ok: false, reason: 'ACCOUNT_INACTIVE', staffId: row.id };
    }
    if (!(await argon2.verify(row.passwordHash, password)))
      return { ok: false, reason: 'INVALID_CREDENTIALS', staffId: row.id };
    return { ok: true, account: accessOf(row) };
  }

  /** Whether the password is the account's own (for a password change). */
  async passwordMatches(id: string, password: string): Promise<boolean> {
    const row = await this.staff.withPasswordHash({ id });
    return row ? argon2.verify(row.passwordHash, password) : false;
  }

  private view(row: StaffMember): StaffView {
    return {
      id: row.id,
      email: row.email,
      fullName: row.fullName,
      role: row.role,
      active: row.active,
      mustChangePassword: row.mustChangePassword ?? false,
      createdAt: new Date(row.createdAt ?? Date.now()).toISOString(),
    };
  }
}

function accessOf(row: StaffMember): StaffAccess {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    active: row.active,
    sessionVersion: row.sessionVersion,
    mustChangePassword: row.mustChangePassword,
  };
}
