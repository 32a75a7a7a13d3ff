import { MigrationInterface, QueryRunner } from 'typeorm';

const APP = 'consentry_app';

/**
 * Tables whose personal values erasure overwrites: the planner's statistics (pg_stats: most common
 * values, histogram bounds) keep copies of such values until the table is analysed again.
 */
const ERASED_TABLES = [
  'client',
  'consent',
  'legal_hold',
  'data_subject_request',
  'offer_request',
  'quote',
  'contract',
];

/**
 * How the answer to a data-subject request reached the person (art. 12(1) GDPR), recorded when the
 * request is completed; and a way for the application to refresh the statistics of the tables an
 * erasure touched. Only a table's owner may ANALYZE it (PostgreSQL 15) and the application's role
 * owns none, so the function runs as its owner and analyses a fixed list of tables, nothing else.
 */
export class RequestDelivery1764720000000 implements MigrationInterface {
  name = 'RequestDelivery1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_subject_request
      ADD COLUMN delivered_via text CHECK (delivered_via IN ('email','post','in_person','trusted_profile')),
      ADD COLUMN delivered_at timestamptz`);
    await q.query(`CREATE FUNCTION refresh_erasure_statistics() RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        ${ERASED_TABLES.map((table) => `ANALYZE public.${table};`).join('\n        ')}
      END
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION refresh_erasure_statistics() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION refresh_erasure_statistics() TO ${APP}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS refresh_erasure_statistics()`);
    await q.query(
      `ALTER TABLE data_subject_request DROP COLUMN IF EXISTS delivered_at, DROP COLUMN IF EXISTS delivered_via`,
    );
  }
}
