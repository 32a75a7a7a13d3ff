import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import { CreateInsurerDto } from './insurer.dto';
import { InsurerRepository, InsurerView, NewInsurer, toInsurerView } from './insurer.repository';
import { InsurerNipTakenError } from './insurers.errors';

export type { InsurerView } from './insurer.repository';

/** The register of insurers the broker works with; admin-managed, readable by all staff. */
@Injectable()
export class InsurersService {
  constructor(
    private readonly insurers: InsurerRepository,
    private readonly audit: AuditRecorder,
  ) {}

  async create(input: CreateInsurerDto, createdBy: string | null = null): Promise<InsurerView> {
    try {
      const id = await this.insurers.insert(
        { name: input.name, nip: input.nip, krs: input.krs ?? null, dsrContactEmail: input.dsrContactEmail },
        createdBy,
      );
      return (await this.findById(id))!;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new InsurerNipTakenError();
      throw error;
    }
  }

  /** Ordered by name, then id. */
  async list(limit?: number, cursor?: string): Promise<Page<InsurerView>> {
    const size = pageSize(limit);
    const after = decodeCursor(cursor, ['text', 'uuid']);
    const rows = await this.insurers.page(size, after ? [after[0] as string, after[1] as string] : null);
    const page = rows.slice(0, size);
    // Who listed the register, like every other read; names and numbers stay out of the record.
    await this.audit.record({ action: 'list', resource: 'insurer', outcome: 'allowed' });
    const last = page[page.length - 1];
    return {
      items: page.map(toInsurerView),
      nextCursor: rows.length > size && last ? encodeCursor([last.sort_key!, last.id]) : null,
    };
  }

  async findById(id: string, manager?: EntityManager): Promise<InsurerView | null> {
    const row = await this.insurers.find(id, manager);
    return row ? toInsurerView(row) : null;
  }

  async findByIds(ids: string[], manager?: EntityManager): Promise<Map<string, InsurerView>> {
    if (ids.length === 0) return new Map();
    const rows = await this.insurers.findMany(ids, manager);
    return new Map(rows.map((r) => [r.id, toInsurerView(r)]));
  }

  /** The ids of the insurers with these NIPs, by NIP. */
  async idsByNip(nips: string[], manager?: EntityManager): Promise<Map<string, string>> {
    if (nips.length === 0) return new Map();
    const rows = await this.insurers.findByNips(nips, manager);
    return new Map(rows.map((r) => [r.nip, r.id]));
  }

  // ---- for the offers and contracts modules ----

  /** The insurer table as a join, for a list of records naming their insurers in one statement. */
  joinSql(alias: string, onColumn: string): string {
    return this.insurers.joinSql(alias, onColumn);
  }

  /** The insurer's name under a joined alias. */
  nameSql(alias: string): string {
    return this.insurers.nameSql(alias);
  }

  /** Demo data: the insurer with this NIP, inserted unless it exists; answers its id. */
  upsertSeed(input: NewInsurer, manager: EntityManager): Promise<string> {
    return this.insurers.upsertSeed(input, manager);
  }
}
