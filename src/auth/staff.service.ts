import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { EntityManager, Repository } from 'typeorm';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import { Role } from '@app/privacy';
import { StaffEntity } from './staff.entity';
import { StaffEmailTakenError } from './auth.errors';
import { SessionState } from './session-state';

export interface NewStaff {
  email: string;
  password: string;
  fullName: string;
  role: Role;
}

export type StaffView = Omit<StaffEntity, 'passwordHash' | 'createdAt' | 'sessionVersion'> & {
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
    @InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>,
    private readonly state: SessionState,
  ) {}

  /** Creates an account (in the caller's transaction when given one); the caller applies the password policy. */
  async create(
    input: NewStaff & { mustChangePassword?: boolean },
    manager?: EntityManager,
  ): Promise<StaffView> {
    const repository = manager ? manager.getRepository(StaffEntity) : this.staff;
    const email = input.email.trim().toLowerCase();
    if (await repository.exists({ where: { email } })) throw new StaffEmailTakenError();
    const passwordHash = await hashPassword(input.password);
    const saved = await repository.save(
      repository.create({
        email,
        fullName: input.fullName,
        role: input.role,
        passwordHash,
        mustChangePassword: input.mustChangePassword ?? false,
      }),
    );
    return this.view(saved);
  }

  /**
   * Creates or updates an account to the given state, without the password policy; used by the
   * demo seed (never in production) and the tests. Existing sessions of the account end.
   */
  async upsert(input: NewStaff): Promise<StaffView> {
    const email = input.email.trim().toLowerCase();
    const existing = await this.staff.findOne({ where: { email } });
    if (!existing) return this.create(input);
    await this.state.forget(existing.id);
    const changed = await this.changeAccess(this.staff.manager, existing.id, {
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
    manager: EntityManager,
    id: string,
    change: AccessChange,
    endSessions = true,
  ): Promise<StaffAccess | null> {
    const sets: string[] = [
      endSessions ? 'session_version = session_version + 1' : 'session_version = session_version',
    ];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (change.fullName !== undefined) set('full_name', change.fullName);
    if (change.role !== undefined) set('role', change.role);
    if (change.active !== undefined) set('active', change.active);
    if (change.password !== undefined) set('password_hash', await hashPassword(change.password));
    if (change.mustChangePassword !== undefined) set('must_change_password', change.mustChangePassword);
    const [rows] = (await manager.query(
      `UPDATE staff SET ${sets.join(', ')} WHERE id = $1
       RETURNING id, email, role, active, session_version AS "sessionVersion", must_change_password AS "mustChangePassword"`,
      params,
    )) as [StaffAccess[], number];
    return rows[0] ?? null;
  }

  /** The account's current access, read in the caller's transaction (locked for update when asked). */
  async access(manager: EntityManager, id: string, lock = false): Promise<StaffAccess | null> {
    const rows = (await manager.query(
      `SELECT id, email, role, active, session_version AS "sessionVersion", must_change_password AS "mustChangePassword"
         FROM staff WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    )) as StaffAccess[];
    return rows[0] ?? null;
  }

  /** Active administrators other than the given account (an organisation always keeps one). */
  async otherActiveAdmins(manager: EntityManager, id: string): Promise<number> {
    const [{ count }] = (await manager.query(
      `SELECT count(*)::int AS count FROM staff WHERE role = 'admin' AND active AND id <> $1`,
      [id],
    )) as Array<{
      count: number;
    }>;
    return count;
  }

  async list(limit: number | undefined, cursor: string | undefined): Promise<Page<StaffView>> {
    const size = pageSize(limit);
    const after = decodeCursor(cursor, ['text']);
    const qb = this.staff
      .createQueryBuilder('s')
      .orderBy('s.email', 'ASC')
      .take(size + 1);
    if (after) qb.where('s.email > :after', { after: after[0] });
    const rows = await qb.getMany();
    const items = rows.slice(0, size).map((r) => this.view(r));
    return { items, nextCursor: rows.length > size ? encodeCursor([items[items.length - 1].email]) : null };
  }

  async findById(id: string): Promise<StaffView | null> {
    const row = await this.staff.findOne({ where: { id } });
    return row ? this.view(row) : null;
  }

  async findByIds(ids: string[]): Promise<StaffView[]> {
    if (ids.length === 0) return [];
    const rows = await this.staff.createQueryBuilder('s').where('s.id IN (:...ids)', { ids }).getMany();
    return rows.map((r) => this.view(r));
  }

  /**
   * Checks an e-mail and password. Runs a hash even for unknown or inactive accounts, so the
   * answer takes as long whichever it is. A refusal names the account's id when there is one.
   */
  async checkCredentials(emailRaw: string, password: string): Promise<CredentialCheck> {
    const email = emailRaw.trim().toLowerCase();
    const row = await this.staff
      .createQueryBuilder('s')
      .addSelect('s.passwordHash')
      .where('s.email = :email', { email })
      .getOne();
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
    const account: StaffAccess = {
      id: row.id,
      email: row.email,
      role: row.role,
      active: row.active,
      sessionVersion: row.sessionVersion,
      mustChangePassword: row.mustChangePassword,
    };
    return { ok: true, account };
  }

  /** Whether the password is the account's own (for a password change). */
  async passwordMatches(id: string, password: string): Promise<boolean> {
    const row = await this.staff
      .createQueryBuilder('s')
      .addSelect('s.passwordHash')
      .where('s.id = :id', { id })
      .getOne();
    return row ? argon2.verify(row.passwordHash, password) : false;
  }

  private view(row: StaffEntity): StaffView {
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
