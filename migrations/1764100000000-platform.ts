import { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff, clients and consents, and the append-only, hash-chained record of operations. */
export class Platform1764100000000 implements MigrationInterface {
  name = 'Platform1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE staff (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      full_name text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin','broker','marketing','manager','accountant','dpo')),
      password_hash text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX staff_email_key ON staff (lower(email))`);

    await q.query(`CREATE TABLE client (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','anonymised')),
      first_name text,
      last_name text,
      email text,
      phone text,
      address jsonb,
      date_of_birth date,
      pesel_cipher text,
      pesel_index text,
      restricted boolean NOT NULL DEFAULT false,
      objected_to_marketing boolean NOT NULL DEFAULT false,
      source text,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      last_activity_at timestamptz NOT NULL DEFAULT now(),
      anonymised_at timestamptz
    )`);
    await q.query(`CREATE INDEX client_created_at_idx ON client (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX client_last_name_idx ON client (lower(last_name) text_pattern_ops, id)`);
    await q.query(`CREATE INDEX client_email_idx ON client (email)`);
    await q.query(
      `CREATE UNIQUE INDEX client_pesel_index_key ON client (pesel_index) WHERE pesel_index IS NOT NULL`,
    );

    await q.query(`CREATE TABLE consent (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      client_id uuid NOT NULL REFERENCES client(id),
      purpose text NOT NULL CHECK (purpose IN ('marketing','renewal_reminders','client_contact')),
      channel text NOT NULL CHECK (channel IN ('email','phone','post')),
      source text NOT NULL,
      evidence text,
      notice_version text NOT NULL,
      granted_by uuid,
      granted_at timestamptz NOT NULL DEFAULT now(),
      withdrawn_at timestamptz,
      withdrawn_by uuid,
      withdrawal_source text
    )`);
    await q.query(
      `CREATE UNIQUE INDEX consent_active_key ON consent (client_id, purpose, channel) WHERE withdrawn_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX consent_active_purpose_idx ON consent (purpose, channel, client_id) WHERE withdrawn_at IS NULL`,
    );
    await q.query(`CREATE INDEX consent_client_idx ON consent (client_id, granted_at)`);

    await q.query(`CREATE TABLE audit_entry (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
      actor_id uuid,
      actor_role text,
      purpose text,
      action text NOT NULL,
      resource text NOT NULL,
      resource_id text,
      client_ids uuid[] NOT NULL DEFAULT '{}',
      fields text[] NOT NULL DEFAULT '{}',
      outcome text NOT NULL CHECK (outcome IN ('allowed','denied')),
      reason text,
      request_id text,
      ip text,
      controller_id uuid
    )`);
    await q.query(`CREATE INDEX audit_entry_xid_idx ON audit_entry (xid)`);
    await q.query(`CREATE INDEX audit_entry_client_ids_idx ON audit_entry USING gin (client_ids)`);
    await q.query(`CREATE INDEX audit_entry_actor_idx ON audit_entry (actor_id, id DESC)`);
    await q.query(`CREATE INDEX audit_entry_at_idx ON audit_entry (at)`);
    await q.query(`CREATE INDEX audit_entry_request_idx ON audit_entry (request_id)`);

    await q.query(`CREATE TABLE audit_seal (
      seq bigint PRIMARY KEY,
      entry_id bigint NOT NULL UNIQUE,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      sealed_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
    await q.query(`CREATE TABLE audit_sealer_state (
      id int PRIMARY KEY CHECK (id = 1),
      horizon xid8 NOT NULL,
      sealed_at timestamptz
    )`);
    await q.query(`INSERT INTO audit_sealer_state (id, horizon) VALUES (1, '0'::xid8)`);

    // Append-only: refused for every role, superusers included (grants alone would not bind them).
    await q.query(`CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the record of operations is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_entry', 'audit_seal']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE IF EXISTS audit_sealer_state, audit_seal, audit_entry, consent, client, staff CASCADE`,
    );
    await q.query(`DROP FUNCTION IF EXISTS audit_refuse_change()`);
  }
}
