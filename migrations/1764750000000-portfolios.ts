import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Portfolios: staff belong to teams, and every client to one team's portfolio. Purposes the
 * registry marks portfolio-bound see only the clients of the actor's teams, plus those opened by
 * break-glass: a grant for one staff member, one client and a limited time, asked for with a reason.
 * Moves between portfolios are kept with their reason. Clients that existed before belong to no
 * team until a transfer places them (the demo seed places its own).
 */
export class Portfolios1764750000000 implements MigrationInterface {
  name = 'Portfolios1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE team (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE staff_team (
      staff_id uuid NOT NULL REFERENCES staff(id),
      team_id uuid NOT NULL REFERENCES team(id),
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (staff_id, team_id)
    )`);
    await q.query(`CREATE INDEX staff_team_team_idx ON staff_team (team_id)`);
    await q.query(`ALTER TABLE client ADD COLUMN team_id uuid REFERENCES team(id)`);
    await q.query(`CREATE INDEX client_team_idx ON client (team_id, created_at DESC, id DESC)`);
    await q.query(`CREATE TABLE break_glass_grant (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      staff_id uuid NOT NULL REFERENCES staff(id),
      client_id uuid NOT NULL REFERENCES client(id),
      purpose text NOT NULL,
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
      granted_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      CHECK (expires_at > granted_at)
    )`);
    await q.query(
      `CREATE INDEX break_glass_grant_staff_idx ON break_glass_grant (staff_id, expires_at DESC)`,
    );
    await q.query(
      `CREATE INDEX break_glass_grant_granted_idx ON break_glass_grant (granted_at DESC, id DESC)`,
    );
    await q.query(`CREATE TABLE client_transfer (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      client_id uuid NOT NULL REFERENCES client(id),
      from_team_id uuid REFERENCES team(id),
      to_team_id uuid NOT NULL REFERENCES team(id),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
      transferred_by uuid NOT NULL REFERENCES staff(id),
      transferred_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX client_transfer_client_idx ON client_transfer (client_id, transferred_at DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS client_transfer`);
    await q.query(`DROP TABLE IF EXISTS break_glass_grant`);
    await q.query(`ALTER TABLE client DROP COLUMN IF EXISTS team_id`);
    await q.query(`DROP TABLE IF EXISTS staff_team`);
    await q.query(`DROP TABLE IF EXISTS team`);
  }
}
