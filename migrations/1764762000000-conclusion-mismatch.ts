import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A contract concluded from a quote that missed the needs (a required cover lacking, a premium
 * above the maximum) keeps what the broker acknowledged: the shortfalls, the covers missing and
 * the two amounts, as judged at conclusion. Null for a quote that met the needs.
 */
export class ConclusionMismatch1764762000000 implements MigrationInterface {
  name = 'ConclusionMismatch1764762000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contract ADD COLUMN acknowledged_mismatch jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contract DROP COLUMN IF EXISTS acknowledged_mismatch`);
  }
}
