import { MigrationInterface, QueryRunner } from 'typeorm';

const APP = 'consentry_app';
const SEALER = 'consentry_sealer';

/**
 * The record's chain becomes keyed, and only the sealer may write it.
 *
 * - Seals were SHA-256 over the previous hash and the entry: anyone able to write the tables could
 *   recompute them. From now on each seal is HMAC-SHA-256 under AUDIT_CHAIN_KEY, which the
 *   database never holds. The unkeyed seals are kept, renamed to audit_seal_unkeyed, and the keyed
 *   chain starts afresh in audit_seal: the sealer's horizon goes back to the start, so its first
 *   round chains every entry already recorded, in id order.
 * - consentry_sealer (scripts/db-roles.sql) reads entries, inserts seals and moves its own state;
 *   consentry_app keeps SELECT on the seals and its state and loses every way to write them.
 * - audit_sealer_state remembers when the last checkpoint (written outside the database) was
 *   taken, so that several instances take them at the configured pace between them.
 */
export class AuditChainKey1764710000000 implements MigrationInterface {
  name = 'AuditChainKey1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${SEALER}') THEN
          RAISE EXCEPTION 'role ${SEALER} is missing: apply scripts/db-roles.sql as a superuser first';
        END IF;
      END $$`);

    await q.query(`ALTER TABLE audit_seal RENAME TO audit_seal_unkeyed`);
    await q.query(`ALTER INDEX audit_seal_pkey RENAME TO audit_seal_unkeyed_pkey`);
    await q.query(`ALTER INDEX audit_seal_entry_id_key RENAME TO audit_seal_unkeyed_entry_id_key`);
    await q.query(`REVOKE ALL ON audit_seal_unkeyed FROM ${APP}`);
    await q.query(`GRANT SELECT ON audit_seal_unkeyed TO ${APP}`);

    await q.query(`CREATE TABLE audit_seal (
      seq bigint PRIMARY KEY,
      entry_id bigint NOT NULL UNIQUE,
      prev_mac text NOT NULL,
      mac text NOT NULL,
      sealed_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
    await q.query(`CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_seal
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
    await q.query(`CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_seal FROM PUBLIC`);

    await q.query(
      `ALTER TABLE audit_sealer_state ADD COLUMN checkpoint_seq bigint, ADD COLUMN checkpoint_at timestamptz`,
    );
    await q.query(`UPDATE audit_sealer_state SET horizon = '0'::xid8, sealed_at = NULL WHERE id = 1`);

    // The default privileges of the main schema gave the new table DML to the application: take it back.
    await q.query(`REVOKE ALL ON audit_seal, audit_sealer_state FROM ${APP}`);
    await q.query(`GRANT SELECT ON audit_seal, audit_sealer_state TO ${APP}`);

    await q.query(`GRANT USAGE ON SCHEMA public TO ${SEALER}`);
    await q.query(`GRANT SELECT ON audit_entry TO ${SEALER}`);
    await q.query(`GRANT SELECT, INSERT ON audit_seal TO ${SEALER}`);
    await q.query(`GRANT SELECT, UPDATE ON audit_sealer_state TO ${SEALER}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE ALL ON audit_entry, audit_sealer_state FROM ${SEALER}`);
    await q.query(`REVOKE ALL ON SCHEMA public FROM ${SEALER}`);
    await q.query(`DROP TABLE audit_seal`);
    await q.query(`ALTER TABLE audit_sealer_state DROP COLUMN checkpoint_seq, DROP COLUMN checkpoint_at`);
    await q.query(`UPDATE audit_sealer_state SET horizon = '0'::xid8, sealed_at = NULL WHERE id = 1`);
    await q.query(`ALTER TABLE audit_seal_unkeyed RENAME TO audit_seal`);
    await q.query(`ALTER INDEX audit_seal_unkeyed_pkey RENAME TO audit_seal_pkey`);
    await q.query(`ALTER INDEX audit_seal_unkeyed_entry_id_key RENAME TO audit_seal_entry_id_key`);
    await q.query(`GRANT SELECT, INSERT ON audit_seal TO ${APP}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON audit_sealer_state TO ${APP}`);
  }
}
