import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface TeamRow {
  id: string;
  name: string;
  created_at: Date;
  members: string[];
}

/** The `team` and `staff_team` tables: the only code whose SQL names them. */
@Injectable()
export class TeamRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(name: string): Promise<TeamRow> {
    const [row]: TeamRow[] = await this.dataSource.query(
      `INSERT INTO team (name) VALUES ($1) RETURNING id::text, name, created_at, ARRAY[]::text[] AS members`,
      [name],
    );
    return row;
  }

  /** Every team with its members, by name (Polish collation). */
  async all(): Promise<TeamRow[]> {
    return this.dataSource.query(
      `SELECT t.id::text, t.name, t.created_at,
              ARRAY(SELECT m.staff_id::text FROM staff_team m WHERE m.team_id = t.id ORDER BY m.added_at) AS members
         FROM team t ORDER BY t.name COLLATE "pl-PL-x-icu", t.id`,
    );
  }

  async find(id: string, manager?: EntityManager): Promise<TeamRow | null> {
    const [row]: TeamRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT t.id::text, t.name, t.created_at,
              ARRAY(SELECT m.staff_id::text FROM staff_team m WHERE m.team_id = t.id ORDER BY m.added_at) AS members
         FROM team t WHERE t.id = $1`,
      [id],
    );
    return row ?? null;
  }

  async findByName(name: string): Promise<TeamRow | null> {
    const [row]: TeamRow[] = await this.dataSource.query(
      `SELECT id::text, name, created_at, ARRAY[]::text[] AS members FROM team WHERE name = $1`,
      [name],
    );
    return row ?? null;
  }

  /** Adds a member; answers false when they were one already. */
  async addMember(teamId: string, staffId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO staff_team (staff_id, team_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING staff_id`,
      [staffId, teamId],
    );
    return rows.length > 0;
  }

  /** Removes a member; answers false when they were not one. */
  async removeMember(teamId: string, staffId: string): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM staff_team WHERE staff_id = $1 AND team_id = $2 RETURNING staff_id`,
      [staffId, teamId],
    );
    return rows.length > 0;
  }

  /** The teams of a staff member (ids). */
  async teamsOf(staffId: string): Promise<string[]> {
    const rows: Array<{ team_id: string }> = await this.dataSource.query(
      `SELECT team_id::text FROM staff_team WHERE staff_id = $1 ORDER BY team_id`,
      [staffId],
    );
    return rows.map((r) => r.team_id);
  }
}
