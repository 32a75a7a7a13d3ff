import { MigrationInterface, QueryRunner } from 'typeorm';

const APP = 'consentry_app';
const SEALER = 'consentry_sealer';

/** The record's term as the registry stated it when this ran (security_audit: 60 months). */
const TERM_MONTHS = 60;

/**
 * The record of operations becomes partitioned by month (of `at`, UTC), so that entries past
 * their term go by dropping whole partitions instead of deleting rows, which stays refused.
 *
 * - Every existing entry is copied, unchanged (id, at and xid included), into monthly partitions
 *   covering its months; the seals name entries by id and do not move, so the chain verifies as
 *   before. The id sequence carries on.
 * - Partitions three months ahead are made here; later ones by `audit_prepare_month`, which the
 *   application calls ahead of time (daily). A default partition takes any entry outside the
 *   prepared months (a back-dated import, a clock far off) rather than failing the request.
 * - The application's role owns nothing and may neither create nor drop tables. Two functions,
 *   SECURITY DEFINER and owned by the migrating role, do exactly those two things and nothing
 *   else: `audit_prepare_month` creates a month's partition with the record's guards, and
 *   `audit_drop_month` drops the oldest month only when it ended at least the term ago (the
 *   longer of the term given and the term in `audit_record_term`) and all its entries are sealed.
 *   The signed base checkpoint that keeps the rest of the chain verifiable is written by the
 *   application before it calls the drop (the database never holds the signing key).
 * - UPDATE, DELETE and TRUNCATE stay refused on the record and on every partition, for every role.
 */
export class RecordPartitions1764830000000 implements MigrationInterface {
  name = 'RecordPartitions1764830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_entry RENAME TO audit_entry_unpartitioned`);
    await q.query(`CREATE TABLE audit_entry (LIKE audit_entry_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
      PARTITION BY RANGE (at)`);
    await q.query(`ALTER SEQUENCE audit_entry_id_seq OWNED BY audit_entry.id`);

    await q.query(`CREATE TABLE audit_record_term (
      id int PRIMARY KEY CHECK (id = 1),
      months int NOT NULL CHECK (months >= 1)
    )`);
    await q.query(`INSERT INTO audit_record_term (id, months) VALUES (1, ${TERM_MONTHS})`);

    await q.query(`CREATE FUNCTION audit_month_partition(p_month date) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$ SELECT 'audit_entry_' || to_char(date_trunc('month', p_month), 'YYYY_MM') $$`);

    await q.query(`CREATE FUNCTION audit_prepare_month(p_month date) RETURNS boolean
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        v_start date := date_trunc('month', p_month)::date;
        v_name text := audit_month_partition(p_month);
      BEGIN
        IF to_regclass(v_name) IS NOT NULL THEN
          RETURN false;
        END IF;
        EXECUTE format(
          'CREATE TABLE %I PARTITION OF audit_entry FOR VALUES FROM (%L) TO (%L)',
          v_name,
          (v_start::timestamp AT TIME ZONE 'UTC'),
          ((v_start + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
        -- Statement triggers are not inherited: TRUNCATE of the partition itself is refused here.
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()',
          v_name || '_no_truncate', v_name);
        EXECUTE format('REVOKE ALL ON %I FROM PUBLIC, ${APP}, ${SEALER}', v_name);
        RETURN true;
      END $$`);

    await q.query(`CREATE FUNCTION audit_drop_month(p_month date, p_term_months int) RETURNS boolean
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        v_start date := date_trunc('month', p_month)::date;
        v_name text := audit_month_partition(p_month);
        v_term int := greatest(p_term_months, (SELECT months FROM audit_record_term WHERE id = 1));
        v_oldest text;
        v_unsealed bigint;
      BEGIN
        IF to_regclass(v_name) IS NULL THEN
          RETURN false;
        END IF;
        IF (v_start + interval '1 month' + make_interval(months => v_term))::timestamp AT TIME ZONE 'UTC' > now() THEN
          RAISE EXCEPTION 'the record of operations keeps % until its term of % months has passed', v_name, v_term
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        SELECT c.relname INTO v_oldest FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'audit_entry'::regclass AND c.relname ~ '^audit_entry_[0-9]{4}_[0-9]{2}$'
         ORDER BY c.relname LIMIT 1;
        IF v_oldest <> v_name THEN
          RAISE EXCEPTION 'the record of operations drops its oldest month first (%), not %', v_oldest, v_name
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        EXECUTE format('SELECT count(*) FROM %I e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.entry_id = e.id)', v_name)
          INTO v_unsealed;
        IF v_unsealed > 0 THEN
          RAISE EXCEPTION 'the record of operations keeps %: % of its entries are not sealed yet', v_name, v_unsealed
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        EXECUTE format('DROP TABLE %I', v_name);
        RETURN true;
      END $$`);
    for (const fn of ['audit_prepare_month(date)', 'audit_drop_month(date, int)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP}`);
    }

    // A partition for every month that holds entries, and for this month and the three after it.
    await q.query(`SELECT audit_prepare_month(m::date)
      FROM generate_series(
        date_trunc('month', least(coalesce((SELECT min(at) FROM audit_entry_unpartitioned), now()), now()) AT TIME ZONE 'UTC'),
        date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months',
        interval '1 month') m`);
    await q.query(`CREATE TABLE audit_entry_default PARTITION OF audit_entry DEFAULT`);
    await q.query(`CREATE TRIGGER audit_entry_default_no_truncate BEFORE TRUNCATE ON audit_entry_default
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);

    await q.query(`INSERT INTO audit_entry SELECT * FROM audit_entry_unpartitioned`);
    await q.query(`DROP TABLE audit_entry_unpartitioned`);

    await q.query(`ALTER TABLE audit_entry ADD PRIMARY KEY (id, at)`);
    await q.query(`CREATE INDEX audit_entry_xid_idx ON audit_entry (xid)`);
    await q.query(`CREATE INDEX audit_entry_client_ids_idx ON audit_entry USING gin (client_ids)`);
    await q.query(`CREATE INDEX audit_entry_at_id_idx ON audit_entry (at, id)`);
    await q.query(`CREATE INDEX audit_entry_actor_at_idx ON audit_entry (actor_id, at, id)`);
    await q.query(`CREATE INDEX audit_entry_request_idx ON audit_entry (request_id)`);

    // Row triggers on the partitioned table are cloned onto every partition, present and future.
    await q.query(`CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
    await q.query(`CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);

    // The default privileges of the main schema would give the application DML on the new tables.
    await q.query(
      `REVOKE ALL ON audit_entry, audit_entry_default, audit_record_term FROM PUBLIC, ${APP}, ${SEALER}`,
    );
    await q.query(`GRANT SELECT, INSERT ON audit_entry TO ${APP}`);
    await q.query(`GRANT SELECT ON audit_record_term TO ${APP}`);
    await q.query(`GRANT SELECT ON audit_entry TO ${SEALER}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE audit_entry_unpartitioned (LIKE audit_entry INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`,
    );
    await q.query(`INSERT INTO audit_entry_unpartitioned SELECT * FROM audit_entry`);
    await q.query(`ALTER SEQUENCE audit_entry_id_seq OWNED BY audit_entry_unpartitioned.id`);
    await q.query(`DROP TABLE audit_entry`);
    await q.query(`ALTER TABLE audit_entry_unpartitioned RENAME TO audit_entry`);
    await q.query(`ALTER TABLE audit_entry ADD PRIMARY KEY (id)`);
    await q.query(`CREATE INDEX audit_entry_xid_idx ON audit_entry (xid)`);
    await q.query(`CREATE INDEX audit_entry_client_ids_idx ON audit_entry USING gin (client_ids)`);
    await q.query(`CREATE INDEX audit_entry_at_id_idx ON audit_entry (at, id)`);
    await q.query(`CREATE INDEX audit_entry_actor_at_idx ON audit_entry (actor_id, at, id)`);
    await q.query(`CREATE INDEX audit_entry_request_idx ON audit_entry (request_id)`);
    await q.query(`CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
    await q.query(`CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
    await q.query(`REVOKE ALL ON audit_entry FROM PUBLIC, ${APP}, ${SEALER}`);
    await q.query(`GRANT SELECT, INSERT ON audit_entry TO ${APP}`);
    await q.query(`GRANT SELECT ON audit_entry TO ${SEALER}`);
    await q.query(`DROP FUNCTION audit_drop_month(date, int)`);
    await q.query(`DROP FUNCTION audit_prepare_month(date)`);
    await q.query(`DROP FUNCTION audit_month_partition(date)`);
    await q.query(`DROP TABLE audit_record_term`);
  }
}
