import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data-subject requests (arts. 15-22 GDPR), legal holds and pending erasures, and the indexes the
 * retention sweep walks.
 */
export class DataSubjectRights1764500000000 implements MigrationInterface {
  name = 'DataSubjectRights1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE data_subject_request (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      client_id uuid REFERENCES client(id),
      mandate_subject_id uuid,
      type text NOT NULL CHECK (type IN ('access','rectification','erasure','restriction','objection','portability','withdraw_consent')),
      status text NOT NULL CHECK (status IN ('open','referred','done','rejected')),
      received_at date NOT NULL,
      due_at date NOT NULL,
      notes text,
      extended_at timestamptz,
      extension_reason text,
      extended_by uuid,
      identity_verified_at timestamptz,
      identity_method text,
      identity_notes text,
      identity_verified_by uuid,
      referral jsonb,
      outcome jsonb,
      rejection_reason text,
      closed_at timestamptz,
      closed_by uuid,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT data_subject_request_one_subject CHECK ((client_id IS NULL) <> (mandate_subject_id IS NULL))
    )`);
    await q.query(`CREATE INDEX data_subject_request_due_idx ON data_subject_request (due_at, id)`);
    await q.query(
      `CREATE INDEX data_subject_request_status_due_idx ON data_subject_request (status, due_at, id)`,
    );
    await q.query(
      `CREATE INDEX data_subject_request_client_idx ON data_subject_request (client_id) WHERE client_id IS NOT NULL`,
    );

    await q.query(`CREATE TABLE legal_hold (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      client_id uuid NOT NULL REFERENCES client(id),
      reason text NOT NULL,
      placed_by uuid,
      placed_under text NOT NULL,
      placed_at timestamptz NOT NULL DEFAULT now(),
      released_at timestamptz,
      released_by uuid
    )`);
    await q.query(`CREATE INDEX legal_hold_client_idx ON legal_hold (client_id, placed_at)`);
    await q.query(`CREATE INDEX legal_hold_active_idx ON legal_hold (client_id) WHERE released_at IS NULL`);

    // An erasure that a legal duty blocked: the client is restricted meanwhile, and the sweep
    // finishes the erasure once no duty keeps the data.
    await q.query(`CREATE TABLE erasure_pending (
      client_id uuid PRIMARY KEY REFERENCES client(id),
      requested_at timestamptz NOT NULL DEFAULT now(),
      request_id uuid,
      erased_at timestamptz
    )`);

    await q.query(
      `CREATE INDEX client_active_id_idx ON client (id) INCLUDE (last_activity_at) WHERE status = 'active'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS client_active_id_idx`);
    await q.query(`DROP TABLE IF EXISTS erasure_pending, legal_hold, data_subject_request`);
  }
}
