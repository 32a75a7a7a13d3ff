import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** An insurer as stored. Insurers are businesses, not data subjects: no purpose is needed to read them. */
export interface InsurerRow {
  id: string;
  name: string;
  nip: string;
  krs: string | null;
  dsr_contact_email: string;
  created_at: string;
  sort_key?: string;
}

export interface InsurerView {
  id: string;
  name: string;
  nip: string;
  krs: string | null;
  dsrContactEmail: string;
  createdAt: string;
}

export interface NewInsurer {
  name: string;
  nip: string;
  krs: string | null;
  dsrContactEmail: string;
}

const SELECT_INSURER = `SELECT i.id, i.name, i.nip, i.krs, i.dsr_contact_email,
    to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

/** The one mapper from a stored insurer to what leaves. */
export function toInsurerView(row: InsurerRow): InsurerView {
  return {
    id: row.id,
    name: row.name,
    nip: row.nip,
    krs: row.krs,
    dsrContactEmail: row.dsr_contact_email,
    createdAt: row.created_at,
  };
}

/** The `insurer` table: the only code whose SQL names it. */
@Injectable()
export class InsurerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The insurer table as a join, for a list of records that names each record's insurer in one statement. */
  joinSql(alias: string, onColumn: string): string {
    return `JOIN insurer ${alias} ON ${alias}.id = ${onColumn}`;
  }

  /** The insurer's name under a joined alias. */
  nameSql(alias: string): string {
    return `${alias}.name`;
  }

  async insert(input: NewInsurer, createdBy: string | null): Promise<string> {
    const [row]: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO insurer (name, nip, krs, dsr_contact_email, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [input.name, input.nip, input.krs, input.dsrContactEmail, createdBy],
    );
    return row.id;
  }

  /** Ordered by name, then id; one row more than `size` tells there is a next page. */
  page(size: number, after: [string, string] | null): Promise<InsurerRow[]> {
    const params: unknown[] = after ? [after[0], after[1]] : [];
    return this.dataSource.query(
      `${SELECT_INSURER}, lower(i.name) AS sort_key FROM insurer i
       ${after ? 'WHERE (lower(i.name), i.id) > ($1, $2::uuid)' : ''}
       ORDER BY lower(i.name), i.id LIMIT ${size + 1}`,
      params,
    );
  }

  async find(id: string, manager?: EntityManager): Promise<InsurerRow | null> {
    const rows: InsurerRow[] = await (manager ?? this.dataSource.manager).query(
      `${SELECT_INSURER} FROM insurer i WHERE i.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The insurers with these NIPs (a book import names insurers by NIP). */
  findByNips(nips: string[], manager?: EntityManager): Promise<InsurerRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `${SELECT_INSURER} FROM insurer i WHERE i.nip = ANY($1::text[])`,
      [nips],
    );
  }

  findMany(ids: string[], manager?: EntityManager): Promise<InsurerRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `${SELECT_INSURER} FROM insurer i WHERE i.id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
  }

  /** Demo data: the insurer with this NIP, inserted unless it exists; answers its id. */
  async upsertSeed(input: NewInsurer, manager: EntityManager): Promise<string> {
    await manager.query(
      `INSERT INTO insurer (name, nip, krs, dsr_contact_email) VALUES ($1, $2, $3, $4) ON CONFLICT (nip) DO NOTHING`,
      [input.name, input.nip, input.krs, input.dsrContactEmail],
    );
    const [row]: Array<{ id: string }> = await manager.query(`SELECT id FROM insurer WHERE nip = $1`, [
      input.nip,
    ]);
    return row.id;
  }
}
