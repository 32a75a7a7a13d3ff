import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payment schedules of contracts and the reminders of overdue instalments.
 *
 * - `instalment`: one row per instalment of a contract's premium, in grosze. A schedule made anew
 *   (allowed while nothing is paid) supersedes the rows of the old one instead of deleting them, so
 *   a reminder already sent keeps its instalment; one current schedule per contract.
 * - `instalment_reminder`: at most one reminder per instalment, whatever the scans do (the unique
 *   key is the idempotency); a client without an e-mail address gets a row skipped with a reason.
 */
export class Instalments1764771000000 implements MigrationInterface {
  name = 'Instalments1764771000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE instalment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contract_id uuid NOT NULL REFERENCES contract(id),
      client_id uuid NOT NULL REFERENCES client(id),
      number smallint NOT NULL CHECK (number >= 1),
      count smallint NOT NULL CHECK (count IN (1, 2, 4, 12)),
      due_date date NOT NULL,
      amount bigint NOT NULL CHECK (amount >= 0),
      currency text NOT NULL DEFAULT 'PLN',
      paid_amount bigint NOT NULL DEFAULT 0 CHECK (paid_amount >= 0),
      paid_at date,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES staff(id),
      superseded_at timestamptz,
      CHECK (number <= count),
      CHECK ((paid_amount = 0) = (paid_at IS NULL))
    )`);
    await q.query(
      `CREATE UNIQUE INDEX instalment_current_number ON instalment (contract_id, number) WHERE superseded_at IS NULL`,
    );
    await q.query(`CREATE INDEX instalment_client_idx ON instalment (client_id)`);
    // The overdue list and the reminder scan: unpaid current instalments by due date.
    await q.query(
      `CREATE INDEX instalment_unpaid_due_idx ON instalment (due_date, id) WHERE superseded_at IS NULL AND paid_amount < amount`,
    );

    await q.query(`CREATE TABLE instalment_reminder (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      instalment_id uuid NOT NULL REFERENCES instalment(id),
      contract_id uuid NOT NULL REFERENCES contract(id),
      client_id uuid NOT NULL REFERENCES client(id),
      due_date date NOT NULL,
      scan_date date NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sending','sent','skipped','failed')),
      reason text,
      attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      sending_at timestamptz,
      finished_at timestamptz,
      CONSTRAINT instalment_reminder_once UNIQUE (instalment_id)
    ) WITH (fillfactor = 80)`);
    await q.query(`CREATE INDEX instalment_reminder_client_idx ON instalment_reminder (client_id)`);
    await q.query(
      `CREATE INDEX instalment_reminder_queued_idx ON instalment_reminder (id) WHERE status = 'queued'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS instalment_reminder, instalment CASCADE`);
  }
}
