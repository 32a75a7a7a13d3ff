import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consent-gated campaigns and expiry reminders. A recipient row per (campaign, client) and a
 * reminder row per (contract, lead time) are the truth about what was sent; the queue only carries
 * ids. Rows hold ids, statuses and short reason codes, never personal values.
 */
export class Messaging1764400000000 implements MigrationInterface {
  name = 'Messaging1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE campaign (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email')),
      subject text NOT NULL,
      body text NOT NULL,
      line_of_business text CHECK (line_of_business IN ('motor','home','travel','life','health','property','liability')),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','running','cancelled')),
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      launched_by uuid,
      launched_at timestamptz,
      fanned_out_at timestamptz,
      targeted integer,
      cancelled_by uuid,
      cancelled_at timestamptz
    )`);
    await q.query(`CREATE INDEX campaign_created_idx ON campaign (created_at DESC, id DESC)`);

    await q.query(`CREATE TABLE campaign_recipient (
      campaign_id uuid NOT NULL REFERENCES campaign(id),
      client_id uuid NOT NULL REFERENCES client(id),
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sending','sent','skipped','failed')),
      reason text,
      attempts integer NOT NULL DEFAULT 0,
      queued_at timestamptz NOT NULL DEFAULT now(),
      sending_at timestamptz,
      finished_at timestamptz,
      PRIMARY KEY (campaign_id, client_id)
    ) WITH (fillfactor = 70)`);
    // Status is deliberately not indexed, and pages keep free space: each send updates its row
    // twice (sending, sent), and such updates stay heap-only (no index writes). Per-campaign counts
    // and lists go through the primary key's campaign_id prefix.
    await q.query(`CREATE INDEX campaign_recipient_client_idx ON campaign_recipient (client_id)`);

    await q.query(`CREATE TABLE contract_reminder (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contract_id uuid NOT NULL REFERENCES contract(id),
      client_id uuid NOT NULL REFERENCES client(id),
      lead_days integer NOT NULL CHECK (lead_days > 0),
      end_date date NOT NULL,
      due_on date NOT NULL,
      scan_date date NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sending','sent','skipped','failed')),
      reason text,
      attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      sending_at timestamptz,
      finished_at timestamptz,
      CONSTRAINT contract_reminder_once UNIQUE (contract_id, lead_days)
    ) WITH (fillfactor = 80)`);
    await q.query(`CREATE INDEX contract_reminder_client_idx ON contract_reminder (client_id)`);

    // One row per day the reminder scan completed; the latest is where a catch-up starts.
    await q.query(`CREATE TABLE reminder_scan (
      scan_date date PRIMARY KEY,
      completed_at timestamptz NOT NULL DEFAULT now(),
      enqueued integer NOT NULL DEFAULT 0,
      missed integer NOT NULL DEFAULT 0
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE IF EXISTS reminder_scan, contract_reminder, campaign_recipient, campaign CASCADE`,
    );
  }
}
