import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for reviewing the record of operations newest first by time, with a keyset on (at, id):
 * the (at, id) index serves the unfiltered and time-range pages (and replaces the one on `at`
 * alone, which it covers); (actor_id, at, id) serves the actor filter in the same order (and
 * replaces (actor_id, id DESC), which served id order). The client filter keeps the GIN index.
 * Building them locks appends to the record for the time of the build (about a second per
 * million entries).
 */
export class AccessLogReview1764600000000 implements MigrationInterface {
  name = 'AccessLogReview1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_entry_at_id_idx ON audit_entry (at, id)`);
    await q.query(`DROP INDEX IF EXISTS audit_entry_at_idx`);
    await q.query(`CREATE INDEX audit_entry_actor_at_idx ON audit_entry (actor_id, at, id)`);
    await q.query(`DROP INDEX IF EXISTS audit_entry_actor_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS audit_entry_actor_idx ON audit_entry (actor_id, id DESC)`);
    await q.query(`DROP INDEX IF EXISTS audit_entry_actor_at_idx`);
    await q.query(`CREATE INDEX IF NOT EXISTS audit_entry_at_idx ON audit_entry (at)`);
    await q.query(`DROP INDEX IF EXISTS audit_entry_at_id_idx`);
  }
}
