import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

const UTC_ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface RepresentativeRow {
  id: string;
  company_id: string;
  person_id: string;
  role: string;
  created_at: string;
}

export interface HouseholdRow {
  id: string;
  name: string;
  team_id: string;
  created_at: string;
}

/**
 * The tables linking clients to each other: `client_representative` (a person acting for a
 * company) and `household` with `household_member` (persons grouped). Only this code names them;
 * reads return ids and the link's own values, and the caller projects them through the scope.
 */
@Injectable()
export class ClientGroupsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertRepresentative(
    link: { companyId: string; personId: string; role: string; createdBy: string | null },
    manager: EntityManager,
  ): Promise<RepresentativeRow | null> {
    const rows: RepresentativeRow[] = await manager.query(
      `INSERT INTO client_representative (company_id, person_id, role, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT client_representative_once DO NOTHING
       RETURNING id, company_id, person_id, role, ${UTC_ISO('created_at')} AS created_at`,
      [link.companyId, link.personId, link.role, link.createdBy],
    );
    return rows[0] ?? null;
  }

  /** A company's representatives, in the order they were named. */
  representativesOf(companyId: string, manager?: EntityManager): Promise<RepresentativeRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `SELECT id, company_id, person_id, role, ${UTC_ISO('created_at')} AS created_at
         FROM client_representative WHERE company_id = $1 ORDER BY created_at, id`,
      [companyId],
    );
  }

  async insertHousehold(
    household: { name: string; teamId: string; createdBy: string | null },
    manager: EntityManager,
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO household (name, team_id, created_by) VALUES ($1, $2, $3) RETURNING id`,
      [household.name, household.teamId, household.createdBy],
    );
    return row.id;
  }

  async findHousehold(id: string, manager?: EntityManager, lock = false): Promise<HouseholdRow | null> {
    const rows: HouseholdRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT id, name, team_id::text AS team_id, ${UTC_ISO('created_at')} AS created_at
         FROM household WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Adds a member; false when the person already belongs to a household (this one or another). */
  async addMember(householdId: string, clientId: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO household_member (household_id, client_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING client_id`,
      [householdId, clientId],
    );
    return rows.length === 1;
  }

  async membersOf(householdId: string, manager?: EntityManager): Promise<string[]> {
    const rows: Array<{ client_id: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT client_id::text FROM household_member WHERE household_id = $1 ORDER BY added_at, client_id`,
      [householdId],
    );
    return rows.map((r) => r.client_id);
  }

  /** The household a person belongs to, if any (an id, no personal value). */
  async householdOf(clientId: string, manager?: EntityManager): Promise<string | null> {
    const rows: Array<{ household_id: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT household_id::text FROM household_member WHERE client_id = $1`,
      [clientId],
    );
    return rows[0]?.household_id ?? null;
  }

  /**
   * Erasure, without a purpose: the erased clients' links go. A representative's role is the
   * person's data and the link says whom the company employs, so the whole row goes (for an erased
   * company, too); a membership goes, and a household left without members goes with its name,
   * which is usually the family's surname.
   */
  async eraseLinksOf(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `DELETE FROM client_representative WHERE person_id = ANY($1::uuid[]) OR company_id = ANY($1::uuid[])`,
      [clientIds],
    );
    const [left]: [Array<{ household_id: string }>, number] = await manager.query(
      `DELETE FROM household_member WHERE client_id = ANY($1::uuid[]) RETURNING household_id::text`,
      [clientIds],
    );
    const touched = [...new Set(left.map((r) => r.household_id))];
    if (touched.length === 0) return;
    await manager.query(
      `DELETE FROM household h WHERE h.id = ANY($1::uuid[])
          AND NOT EXISTS (SELECT 1 FROM household_member m WHERE m.household_id = h.id)`,
      [touched],
    );
  }
}
