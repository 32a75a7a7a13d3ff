import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duplicate reviews: an attempt to register (or re-key) a client with a PESEL another client
 * already holds is not answered with that client; it opens a review for the data protection
 * officer. A row holds ids only (the client holding the PESEL, the staff member and purpose that
 * tried, the client being edited when the attempt was an update), never the submitted values.
 * Repeated attempts by the same person on the same client while the review is open count on it.
 */
export class DuplicateReview1764740000000 implements MigrationInterface {
  name = 'DuplicateReview1764740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE client_duplicate_review (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      client_id uuid NOT NULL REFERENCES client(id),
      attempted_on uuid REFERENCES client(id),
      requested_by uuid NOT NULL,
      requested_under text NOT NULL,
      attempts integer NOT NULL DEFAULT 1 CHECK (attempts > 0),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_attempt_at timestamptz NOT NULL DEFAULT now(),
      resolution text CHECK (resolution IN ('requester_informed', 'no_action')),
      note text,
      resolved_by uuid,
      resolved_at timestamptz,
      CHECK ((status = 'open') = (resolved_at IS NULL))
    )`);
    // One open review per holder, requester and edited client (none for a registration).
    await q.query(
      `CREATE UNIQUE INDEX client_duplicate_review_open_key ON client_duplicate_review (client_id, requested_by, attempted_on) NULLS NOT DISTINCT WHERE status = 'open'`,
    );
    await q.query(
      `CREATE INDEX client_duplicate_review_status_idx ON client_duplicate_review (status, created_at DESC, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS client_duplicate_review`);
  }
}
