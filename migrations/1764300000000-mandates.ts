import { MigrationInterface, QueryRunner } from 'typeorm';

const APP = 'consentry_app';
const MANDATE = 'consentry_mandate';
const MANDATE_FIELDS = `'firstName','lastName','email','phone','address','dateOfBirth','pesel'`;
const LINES = `'motor','home','travel','life','health','property','liability'`;
/** The mandate a transaction works for: set with SET LOCAL / set_config(..., true); unset means none. */
const CURRENT_MANDATE = `nullif(current_setting('app.mandate_id', true), '')::uuid`;

/**
 * The wall around data processed on insurers' behalf, and the application's own role.
 *
 * - consentry_app (the application at run time) gets DML on the main schema's tables, now and for
 *   tables that later migrations create (default privileges); the record of operations only
 *   SELECT and INSERT; nothing on the migration history, nothing on schema `mandate`.
 * - Schema `mandate` holds the persons processed for insurers and what is done for them. Only
 *   consentry_mandate may use it, and it may use nothing else: PUBLIC loses its USAGE on the main
 *   schema, which only consentry_app gets back. Row-level security, forced, shows a transaction
 *   only the rows of the mandate it declared (app.mandate_id), and lets it write no other.
 * - Mandates and their members (not personal data of the persons processed) stay in the main
 *   schema, where the application checks membership and validity.
 */
export class Mandates1764300000000 implements MigrationInterface {
  name = 'Mandates1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP}')
           OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${MANDATE}') THEN
          RAISE EXCEPTION 'roles ${APP} and ${MANDATE} are missing: apply scripts/db-roles.sql as a superuser first';
        END IF;
      END $$`);

    await q.query(`CREATE TABLE mandate (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      insurer_id uuid NOT NULL REFERENCES insurer(id),
      reference text NOT NULL,
      valid_from date NOT NULL,
      valid_to date NOT NULL,
      fields text[] NOT NULL CHECK (cardinality(fields) > 0 AND fields <@ ARRAY[${MANDATE_FIELDS}]::text[]),
      end_action text NOT NULL CHECK (end_action IN ('delete','return')),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','ended')),
      ended_at timestamptz,
      ended_by uuid,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (valid_to >= valid_from)
    )`);
    await q.query(`CREATE UNIQUE INDEX mandate_reference_key ON mandate (insurer_id, lower(reference))`);
    await q.query(`CREATE INDEX mandate_created_at_idx ON mandate (created_at DESC, id DESC)`);
    await q.query(`CREATE TABLE mandate_member (
      mandate_id uuid NOT NULL REFERENCES mandate(id) ON DELETE CASCADE,
      staff_id uuid NOT NULL REFERENCES staff(id),
      added_by uuid,
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (mandate_id, staff_id)
    )`);
    await q.query(`CREATE INDEX mandate_member_staff_idx ON mandate_member (staff_id, mandate_id)`);

    // The application's role on the main schema.
    await q.query(`REVOKE ALL ON SCHEMA public FROM PUBLIC`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP}`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP}`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP}`,
    );
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP}`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry, audit_seal FROM ${APP}`);
    await q.query(`REVOKE ALL ON schema_migrations FROM ${APP}`);

    // The mandate schema: its role only, nobody else.
    await q.query(`CREATE SCHEMA mandate`);
    await q.query(`REVOKE ALL ON SCHEMA mandate FROM PUBLIC`);
    await q.query(`GRANT USAGE ON SCHEMA mandate TO ${MANDATE}`);

    // One row per mandate whose data is open; ending the mandate deletes it with everything else.
    // Writers hold it FOR SHARE, the end holds it FOR UPDATE, so nothing is written behind an end.
    await q.query(`CREATE TABLE mandate.scope (
      mandate_id uuid PRIMARY KEY,
      opened_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE mandate.subject (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      mandate_id uuid NOT NULL REFERENCES mandate.scope(mandate_id),
      first_name text,
      last_name text,
      email text,
      phone text,
      address jsonb,
      date_of_birth date,
      pesel_cipher text,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX subject_mandate_created_idx ON mandate.subject (mandate_id, created_at DESC, id DESC)`,
    );
    // The contract being intermediated for the person, on the insurer's behalf.
    await q.query(`CREATE TABLE mandate.contract (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      mandate_id uuid NOT NULL REFERENCES mandate.scope(mandate_id),
      subject_id uuid NOT NULL REFERENCES mandate.subject(id) ON DELETE CASCADE,
      line_of_business text NOT NULL CHECK (line_of_business IN (${LINES})),
      product_name text NOT NULL,
      policy_number text,
      start_date date NOT NULL,
      end_date date NOT NULL CHECK (end_date >= start_date),
      premium_amount bigint CHECK (premium_amount >= 0),
      premium_currency text CHECK (premium_currency ~ '^[A-Z]{3}$'),
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX contract_mandate_subject_idx ON mandate.contract (mandate_id, subject_id, created_at)`,
    );

    for (const table of ['scope', 'subject', 'contract']) {
      await q.query(`ALTER TABLE mandate.${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE mandate.${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_of_current_mandate ON mandate.${table}
        USING (mandate_id = ${CURRENT_MANDATE}) WITH CHECK (mandate_id = ${CURRENT_MANDATE})`);
    }
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA mandate TO ${MANDATE}`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA mandate GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${MANDATE}`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA mandate REVOKE ALL ON TABLES FROM ${MANDATE}`);
    await q.query(`DROP SCHEMA IF EXISTS mandate CASCADE`);
    await q.query(`DROP TABLE IF EXISTS mandate_member, mandate CASCADE`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${APP}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${APP}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP}`);
    await q.query(`REVOKE ALL ON SCHEMA public FROM ${APP}`);
    await q.query(`GRANT USAGE ON SCHEMA public TO PUBLIC`);
  }
}
