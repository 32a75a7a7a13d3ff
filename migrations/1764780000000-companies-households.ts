import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Companies among the clients, their representatives, and households.
 *
 * - `client.kind`: a person (as before) or a company. A company carries its register data (name,
 *   NIP, REGON, KRS), which is not personal data, and none of a person's own fields (no names,
 *   date of birth or PESEL); a person carries no register data.
 * - `client_representative`: a person client acting for a company client, with the role they hold
 *   (one role per person and company).
 * - `household`: persons grouped in one team's portfolio; a person belongs to at most one.
 */
export class CompaniesHouseholds1764780000000 implements MigrationInterface {
  name = 'CompaniesHouseholds1764780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE client
      ADD COLUMN kind text NOT NULL DEFAULT 'person' CHECK (kind IN ('person','company')),
      ADD COLUMN company_name text,
      ADD COLUMN nip text,
      ADD COLUMN regon text,
      ADD COLUMN krs text`);
    await q.query(`ALTER TABLE client ADD CONSTRAINT client_company_fields CHECK (
      kind = 'company'
        OR (company_name IS NULL AND nip IS NULL AND regon IS NULL AND krs IS NULL))`);
    await q.query(`ALTER TABLE client ADD CONSTRAINT client_company_not_person CHECK (
      kind = 'person'
        OR (first_name IS NULL AND last_name IS NULL AND date_of_birth IS NULL AND pesel_cipher IS NULL AND pesel_index IS NULL))`);
    await q.query(`CREATE INDEX client_nip_idx ON client (nip) WHERE nip IS NOT NULL`);

    await q.query(`CREATE TABLE client_representative (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      company_id uuid NOT NULL REFERENCES client(id),
      person_id uuid NOT NULL REFERENCES client(id),
      role text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES staff(id),
      CONSTRAINT client_representative_once UNIQUE (company_id, person_id),
      CHECK (company_id <> person_id)
    )`);
    await q.query(`CREATE INDEX client_representative_person_idx ON client_representative (person_id)`);

    await q.query(`CREATE TABLE household (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      team_id uuid NOT NULL REFERENCES team(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES staff(id)
    )`);
    await q.query(`CREATE TABLE household_member (
      household_id uuid NOT NULL REFERENCES household(id) ON DELETE CASCADE,
      client_id uuid NOT NULL REFERENCES client(id),
      -- The order members were added in, also within one transaction.
      added_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (household_id, client_id),
      CONSTRAINT household_member_one_household UNIQUE (client_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS household_member, household, client_representative`);
    await q.query(`DROP INDEX IF EXISTS client_nip_idx`);
    await q.query(`ALTER TABLE client DROP CONSTRAINT IF EXISTS client_company_not_person,
      DROP CONSTRAINT IF EXISTS client_company_fields,
      DROP COLUMN IF EXISTS krs, DROP COLUMN IF EXISTS regon, DROP COLUMN IF EXISTS nip,
      DROP COLUMN IF EXISTS company_name, DROP COLUMN IF EXISTS kind`);
  }
}
