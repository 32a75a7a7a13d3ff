import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claims, brokers' tasks and the client's timeline.
 *
 * - `claim`: a claim on a contract under the purpose `claims`, amounts in grosze; `history` keeps
 *   each change of status with the broker's note; `closed_at` is set when it ends (paid, refused,
 *   withdrawn), which starts its retention; an optional legal hold where a dispute needs one.
 * - `task`: work about a client assigned to a broker. The daily scan's tasks carry `auto_key` (one
 *   per renewal of a contract, one per overdue instalment): the unique index is the idempotency,
 *   however often the scan runs.
 * - `client_activity`: calls, meetings and notes, each under the purpose it served, kept for that
 *   purpose's term.
 */
export class ClaimsTasksTimeline1764840000000 implements MigrationInterface {
  name = 'ClaimsTasksTimeline1764840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE claim (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contract_id uuid NOT NULL REFERENCES contract(id),
      client_id uuid NOT NULL REFERENCES client(id),
      status text NOT NULL DEFAULT 'reported'
        CHECK (status IN ('reported', 'in_assessment', 'paid', 'refused', 'withdrawn')),
      insurer_claim_number text,
      date_of_loss date NOT NULL,
      description text NOT NULL,
      amount_claimed bigint CHECK (amount_claimed >= 0),
      amount_paid bigint CHECK (amount_paid >= 0),
      currency text NOT NULL DEFAULT 'PLN',
      history jsonb NOT NULL DEFAULT '[]'::jsonb,
      legal_hold_id uuid REFERENCES legal_hold(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES staff(id),
      closed_at timestamptz,
      CHECK ((closed_at IS NULL) = (status IN ('reported', 'in_assessment'))),
      CHECK ((status = 'paid') = (amount_paid IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX claim_contract_idx ON claim (contract_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX claim_client_idx ON claim (client_id)`);
    await q.query(`CREATE INDEX claim_closed_idx ON claim (closed_at) WHERE closed_at IS NOT NULL`);

    await q.query(`CREATE TABLE task (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      client_id uuid NOT NULL REFERENCES client(id),
      contract_id uuid REFERENCES contract(id),
      instalment_id uuid REFERENCES instalment(id),
      kind text NOT NULL CHECK (kind IN ('manual', 'renewal_call', 'instalment_overdue')),
      purpose text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
      title text NOT NULL,
      description text,
      due_date date,
      assignee_id uuid REFERENCES staff(id),
      auto_key text,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES staff(id),
      completed_at timestamptz,
      completed_by uuid REFERENCES staff(id),
      CHECK ((completed_at IS NULL) = (status = 'open')),
      CHECK ((kind = 'manual') = (auto_key IS NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX task_auto_key ON task (auto_key) WHERE auto_key IS NOT NULL`);
    await q.query(`CREATE INDEX task_assignee_idx ON task (assignee_id, status, due_date)`);
    await q.query(`CREATE INDEX task_client_idx ON task (client_id)`);

    await q.query(`CREATE TABLE client_activity (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      client_id uuid NOT NULL REFERENCES client(id),
      kind text NOT NULL CHECK (kind IN ('call', 'meeting', 'note')),
      purpose text NOT NULL,
      at timestamptz NOT NULL,
      summary text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES staff(id)
    )`);
    await q.query(`CREATE INDEX client_activity_client_idx ON client_activity (client_id, at DESC, id DESC)`);
    await q.query(`CREATE INDEX client_activity_purpose_at_idx ON client_activity (purpose, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS client_activity, task, claim CASCADE`);
  }
}
