import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { Repository } from 'typeorm';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import { Role } from '@app/privacy';
import { StaffEntity } from './staff.entity';
import { StaffEmailTakenError } from './auth.errors';

export interface NewStaff {
  email: string;
  password: string;
  fullName: string;
  role: Role;
}

export type StaffView = Omit<StaffEntity, 'passwordHash' | 'createdAt'> & { createdAt: string };

/** argon2id with the library's recommended cost (64 MiB, 3 passes). */
const HASH_OPTIONS = { type: argon2.argon2id } as const;

@Injectable()
export class StaffService {
  constructor(@InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>) {}

  async create(input: NewStaff): Promise<StaffView> {
    const email = input.email.trim().toLowerCase();
    if (await this.staff.exists({ where: { email } })) throw new StaffEmailTakenError();
    const passwordHash = await argon2.hash(input.password, HASH_OPTIONS);
    const saved = await this.staff.save(this.staff.create({ email, fullName: input.fullName, role: input.role, passwordHash }));
    return this.view(saved);
  }

  /** Creates or updates an account to the given state; used by the demo seed. */
  async upsert(input: NewStaff): Promise<StaffView> {
    const email = input.email.trim().toLowerCase();
    const existing = await this.staff.findOne({ where: { email } });
    if (!existing) return this.create(input);
    const passwordHash = await argon2.hash(input.password, HASH_OPTIONS);
    await this.staff.update({ id: existing.id }, { fullName: input.fullName, role: input.role, passwordHash, active: true });
    return this.view({ ...existing, fullName: input.fullName, role: input.role, active: true });
  }

  async list(limit: number | undefined, cursor: string | undefined): Promise<Page<StaffView>> {
    const size = pageSize(limit);
    const after = decodeCursor(cursor, ['text']);
    const qb = this.staff.createQueryBuilder('s').orderBy('s.email', 'ASC').take(size + 1);
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

  /** Returns the account when the password matches; runs a hash even for unknown e-mails (timing). */
  async checkPassword(emailRaw: string, password: string): Promise<StaffView | null> {
    const email = emailRaw.trim().toLowerCase();
    const row = await this.staff
      .createQueryBuilder('s')
      .addSelect('s.passwordHash')
      .where('s.email = :email', { email })
      .getOne();
    if (!row || !row.active) {
      await argon2.hash(password, HASH_OPTIONS);
      return null;
    }
    return (await argon2.verify(row.passwordHash, password)) ? this.view(row) : null;
  }

  private view(row: StaffEntity): StaffView {
    return {
      id: row.id,
      email: row.email,
      fullName: row.fullName,
      role: row.role,
      active: row.active,
      createdAt: new Date(row.createdAt ?? Date.now()).toISOString(),
    };
  }
}
