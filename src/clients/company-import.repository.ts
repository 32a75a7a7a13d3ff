import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClientRow, CompanyRegisterData } from './client-row';
import { PostalAddress } from './postal-address';

/** A company as a book import registers it: its register data, contact data and portfolio. */
export interface NewImportedCompanyRow extends CompanyRegisterData {
  email: string | null;
  phone: string | null;
  address: PostalAddress | null;
  source: string;
  createdBy: string | null;
  teamId: string;
}

/**
 * The `client` table as book imports of companies use it: companies found by NIP (register data,
 * not personal data, so read without a purpose) and new ones inserted many at a time.
 */
@Injectable()
export class CompanyImportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The company clients holding these NIPs, oldest first: ids, teams and status only. */
  async companiesByNipsWithoutPurpose(
    nips: string[],
    manager?: EntityManager,
  ): Promise<Array<{ id: string; nip: string; teamId: string | null; status: ClientRow['status'] }>> {
    if (nips.length === 0) return [];
    return (manager ?? this.dataSource.manager).query(
      `SELECT id::text, nip, team_id::text AS "teamId", status
         FROM client WHERE kind = 'company' AND nip = ANY($1::text[])
        ORDER BY created_at, id`,
      [nips],
    );
  }

  /** Inserts the companies in one statement; answers each new id by its NIP (unique within the batch). */
  async insertMany(rows: NewImportedCompanyRow[], manager: EntityManager): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const column = (pick: (row: NewImportedCompanyRow) => unknown) => rows.map(pick);
    const inserted: Array<{ id: string; nip: string }> = await manager.query(
      `INSERT INTO client (kind, company_name, nip, regon, krs, email, phone, address, source, created_by, team_id)
       SELECT 'company', r.company_name, r.nip, r.regon, r.krs, r.email, r.phone, r.address::jsonb, r.source, r.created_by, r.team_id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::uuid[])
           AS r(company_name, nip, regon, krs, email, phone, address, source, created_by, team_id)
       RETURNING id::text, nip`,
      [
        column((r) => r.companyName),
        column((r) => r.nip),
        column((r) => r.regon),
        column((r) => r.krs),
        column((r) => r.email),
        column((r) => r.phone),
        column((r) => (r.address ? JSON.stringify(r.address) : null)),
        column((r) => r.source),
        column((r) => r.createdBy),
        column((r) => r.teamId),
      ],
    );
    return new Map(inserted.map((r) => [r.nip, r.id]));
  }
}
