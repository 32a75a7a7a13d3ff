import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import { CreateInsurerDto } from './insurer.dto';
import { InsurerNipTakenError } from './insurers.errors';

export interface InsurerView {
  id: string;
  name: string;
  nip: string;
  krs: string | null;
  dsrContactEmail: string;
  createdAt: string;
}

const SELECT_INSURER = `SELECT i.id, i.name, i.nip, i.krs, i.dsr_contact_email AS "dsrContactEmail",
    to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
  FROM insurer i`;

/** The register of insurers the broker works with; admin-managed, readable by all staff. */
@Injectable()
export class InsurersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditRecorder,
  ) {}

  async create(input: CreateInsurerDto, createdBy: string | null = null): Promise<InsurerView> {
    try {
      const [row] = await this.dataSource.query(
        `INSERT INTO insurer (name, nip, krs, dsr_contact_email, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [input.name, input.nip, input.krs ?? null, input.dsrContactEmail, createdBy],
      );
      return (await this.findById(row.id))!;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new InsurerNipTakenError();
      throw error;
    }
  }

  /** Ordered by name, then id. */
  async list(limit?: number, cursor?: string): Promise<Page<InsurerView>> {
    const size = pageSize(limit);
    const after = decodeCursor(cursor, ['text', 'uuid']);
    const params: unknown[] = [];
    let where = '';
    if (after) {
      params.push(after[0], after[1]);
      where = `WHERE (lower(i.name), i.id) > ($1, $2::uuid)`;
    }
    const rows: Array<InsurerView & { sortKey: string }> = await this.dataSource.query(
      `${SELECT_INSURER.replace(' FROM insurer i', ', lower(i.name) AS "sortKey" FROM insurer i')} ${where}
       ORDER BY lower(i.name), i.id LIMIT ${size + 1}`,
      params,
    );
    const page = rows.slice(0, size);
    // Who listed the register, like every other read; names and numbers stay out of the record.
    await this.audit.record({ action: 'list', resource: 'insurer', outcome: 'allowed' });
    const last = page[page.length - 1];
    return {
      items: page.map(({ sortKey: _sortKey, ...view }) => view),
      nextCursor: rows.length > size && last ? encodeCursor([last.sortKey, last.id]) : null,
    };
  }

  async findById(id: string, manager?: EntityManager): Promise<InsurerView | null> {
    const rows: InsurerView[] = await (manager ?? this.dataSource.manager).query(
      `${SELECT_INSURER} WHERE i.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findByIds(ids: string[], manager?: EntityManager): Promise<Map<string, InsurerView>> {
    if (ids.length === 0) return new Map();
    const rows: InsurerView[] = await (manager ?? this.dataSource.manager).query(
      `${SELECT_INSURER} WHERE i.id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }
}
