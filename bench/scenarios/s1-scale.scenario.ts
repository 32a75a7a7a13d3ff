import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Pool } from 'pg';
import { AuditLogReader, AuditVerifier, CheckpointStore, REVIEW_COLUMNS, entryPageQuery } from '@app/audit';
import { CHAIN_COLUMNS, ChainRow, GENESIS_MAC, chainMac } from '@app/audit/canonical';
import { loadAppConfig } from '@app/common/config/app-config';
import { mainDataSourceOptions, withDatabase } from '@app/common/database/data-source-options';
import { dropDatabase } from '@app/common/database/ensure-database';
import { AnomaliesService } from '../../src/access-log/anomalies.service';
import { Measurement, Scenario, median, percentile, summarise } from '../scenario';
import { createBenchDatabase } from '../support/bench-db';
import { copyIn, copyPipe, writeDrained } from '../support/psql-copy';

const STAFF = 200;
const MONTHS = 12;
const PAGE = 51;
const CHUNK = 1_000_000;
const SEAL_BATCH = 50_000;

/** The uuid of generated client number `n`, in SQL (deterministic, so queries can name real clients). */
const clientUuid = (n: string) => `md5('client-' || (${n})::text)::uuid`;

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * S1, the record at scale (not in CI; run it with `--only S1`): BENCH_SCALE_CLIENTS clients
 * (1,000,000) and BENCH_SCALE_ENTRIES entries (20,000,000) over twelve monthly partitions, loaded
 * with COPY (indexes built after the load, as a bulk load would) and sealed into the keyed chain.
 * Measures a client's page of the record (the API's query), a day's anomalies (the service the API
 * runs, over one day of entries), and `verify` from a retention base that leaves the last month
 * to walk. Reports per-entry costs and sizes, from which README's "Scale" section extrapolates.
 */
export const s1Scale: Scenario = {
  id: 'S1',
  title: 'the record at scale: client page, a day of anomalies, verify from a base',
  onRequestOnly: true,
  async run({ serverUrl, log }) {
    const clients = Number(process.env.BENCH_SCALE_CLIENTS ?? 1_000_000);
    const total = Number(process.env.BENCH_SCALE_ENTRIES ?? 20_000_000);
    // BENCH_SCALE_DATABASE names a database an earlier run of this scenario seeded (a run stopped
    // after the load): its clients and entries are kept and the rest is done again.
    const reuse = process.env.BENCH_SCALE_DATABASE;
    const { url, drop } = reuse
      ? { url: withDatabase(serverUrl, reuse), drop: () => dropDatabase(withDatabase(serverUrl, reuse)) }
      : await createBenchDatabase(serverUrl, 's1');
    const checkpointDir = mkdtempSync(join(tmpdir(), 'consentry-bench-s1-'));
    const pool = new Pool({ connectionString: url, max: 2 });
    const timings: Record<string, number> = {};
    try {
      const { rows: span } = await pool.query<{ start: string; end: string }>(
        `SELECT to_char(date_trunc('month', now() AT TIME ZONE 'UTC') - interval '${MONTHS - 1} months', 'YYYY-MM-DD') AS start,
                to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS end`,
      );
      const start = `${span[0].start}T00:00:00Z`;
      const end = span[0].end;
      const { rows: loaded } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entry`);
      const seeded = loaded[0].n === total;
      const { rows: sealedRows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_seal`,
      );
      // A database an earlier run seeded, indexed and sealed is measured as it is.
      const ready = seeded && sealedRows[0].n === total;
      // Indexes go and come back after the load: one build per index instead of one insert per row.
      // A partitioned index is defined ON ONLY the parent; built ON the parent, it covers every month.
      const { rows: indexes } = await pool.query<{ name: string; def: string }>(
        `SELECT c.relname AS name, replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ') AS def FROM pg_index i
           JOIN pg_class c ON c.oid = i.indexrelid
          WHERE i.indrelid = 'audit_entry'::regclass AND NOT i.indisprimary`,
      );
      if (!ready) for (const index of indexes) await pool.query(`DROP INDEX ${index.name}`);
      let t0 = process.hrtime.bigint();
      if (!seeded) {
        await pool.query(
          `SELECT audit_prepare_month(m::date) FROM generate_series($1::timestamptz, $2::timestamptz, interval '1 month') m`,
          [start, end],
        );
        await pool.query(`ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_pkey`);

        t0 = process.hrtime.bigint();
        await copyPipe(
          url,
          `SELECT ${clientUuid('g')}, 'Imię' || g, 'Nazwisko' || g, 'klient' || g || '@example.pl',
                now() - (g % 3650) * interval '1 day', now() - (g % 3650) * interval '1 day', now()
           FROM generate_series(1, ${clients}) g`,
          'client (id, first_name, last_name, email, created_at, updated_at, last_activity_at)',
        );
        timings.clientsCopySeconds = round(seconds(t0), 1);
        log(`${clients.toLocaleString('en')} clients copied (${timings.clientsCopySeconds} s)`);

        t0 = process.hrtime.bigint();
        // Two loads at a time: one generates rows while the other's are written.
        const chunks: number[] = [];
        for (let first = 1; first <= total; first += CHUNK) chunks.push(first);
        const load = async (first: number) => {
          const last = Math.min(total, first + CHUNK - 1);
          // Spread evenly over the twelve months, ids in time order; one in six is a list naming
          // ten clients, one in fifty a refusal, one in a thousand an export.
          await copyPipe(
            url,
            `SELECT g, timestamptz '${start}' + (g::float8 / ${total}) * (timestamptz '${end}' - timestamptz '${start}'),
                  md5('staff-' || (g % ${STAFF})::text)::uuid, 'broker', 'offer_preparation',
                  CASE WHEN g % 1000 = 0 THEN 'export' WHEN g % 6 = 0 THEN 'list' WHEN g % 6 = 1 THEN 'update' ELSE 'read' END,
                  'client',
                  CASE WHEN g % 6 = 0 THEN NULL ELSE ${clientUuid(`(g * 7919) % ${clients} + 1`)}::text END,
                  CASE WHEN g % 6 = 0
                       THEN ARRAY(SELECT ${clientUuid(`(g * 7919 + k * 101) % ${clients} + 1`)} FROM generate_series(0, 9) k)
                       ELSE ARRAY[${clientUuid(`(g * 7919) % ${clients} + 1`)}] END,
                  '{email,firstName,lastName}'::text[],
                  CASE WHEN g % 50 = 0 THEN 'denied' ELSE 'allowed' END,
                  CASE WHEN g % 50 = 0 THEN 'NOT_VISIBLE_UNDER_PURPOSE' END,
                  md5(g::text), '10.0.' || (g % 250) || '.' || (g % 200)
             FROM generate_series(${first}::bigint, ${last}::bigint) g`,
            'audit_entry (id, at, actor_id, actor_role, purpose, action, resource, resource_id, client_ids, fields, outcome, reason, request_id, ip)',
          );
          log(`entries to ${last.toLocaleString('en')} copied (${seconds(t0).toFixed(0)} s)`);
        };
        const lanes = [0, 1].map(async () => {
          for (let next = chunks.shift(); next !== undefined; next = chunks.shift()) await load(next);
        });
        await Promise.all(lanes);
        timings.entriesCopySeconds = round(seconds(t0), 1);
        await pool.query(`SELECT setval('audit_entry_id_seq', $1::bigint)`, [total]);
      }
      t0 = process.hrtime.bigint();
      if (!ready) await buildIndexes(url, pool, indexes, !seeded, log);
      timings.indexBuildSeconds = round(seconds(t0), 1);

      const config = loadAppConfig({
        NODE_ENV: 'test',
        DATABASE_URL: url,
        AUDIT_CHECKPOINT_DIR: checkpointDir,
      });
      t0 = process.hrtime.bigint();
      const baseSeq = ready
        ? await baseSequence(pool, end)
        : await sealAll(url, pool, config.AUDIT_CHAIN_KEY, total, end, log);
      timings.sealSeconds = round(seconds(t0), 1);
      if (!ready) {
        await pool.query('VACUUM ANALYZE audit_entry');
        await pool.query('VACUUM ANALYZE audit_seal');
        await pool.query('VACUUM ANALYZE client');
      }

      const dataSource = new DataSource(mainDataSourceOptions(url, 2));
      await dataSource.initialize();
      try {
        // A client's page of the record, newest first: the API's query.
        const reader = new AuditLogReader(dataSource);
        let seed = 7;
        const random = () => {
          seed = (seed * 1103515245 + 12345) % 2 ** 31;
          return seed / 2 ** 31;
        };
        const clientOf = async (): Promise<string> => {
          const n = 1 + Math.floor(random() * clients);
          const { rows } = await pool.query<{ id: string }>(`SELECT ${clientUuid('$1::int')}::text AS id`, [
            n,
          ]);
          return rows[0].id;
        };
        const time = async (fn: () => Promise<unknown>) => {
          const at = process.hrtime.bigint();
          await fn();
          return Number(process.hrtime.bigint() - at) / 1e6;
        };
        const sample = async (count: number, fn: () => Promise<number>): Promise<Measurement> => {
          const latencies: number[] = [];
          const at = process.hrtime.bigint();
          for (let i = 0; i < count; i++) latencies.push(await fn());
          return { opsPerSecond: count / seconds(at), latenciesMs: latencies };
        };
        const pkPage = `SELECT ${REVIEW_COLUMNS} FROM audit_entry e WHERE e.id <= $1::bigint ORDER BY e.id DESC LIMIT ${PAGE}`;
        const measured = { baseline: [] as Measurement[], subject: [] as Measurement[] };
        for (let r = 0; r < 3; r++) {
          measured.subject.push(
            await sample(100, async () => {
              const clientId = await clientOf();
              return time(() => reader.page({ clientId }, null, PAGE));
            }),
          );
          measured.baseline.push(
            await sample(100, () =>
              time(() => pool.query(pkPage, [String(PAGE + Math.floor(random() * (total - PAGE)))])),
            ),
          );
        }
        const pageMs = measured.subject.flatMap((m) => m.latenciesMs ?? []);
        const { rows: pagePlan } = await pool.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN ${entryPageQuery({ clientId: await clientOf() }, null, PAGE).sql.replace('$1', `'${await clientOf()}'`)}`,
        );

        // A day's anomalies: the whole service over the first five whole days of the last month.
        const anomalies = new AnomaliesService(
          reader,
          config,
          { findByIds: () => Promise.resolve([]) } as never,
          { record: () => Promise.resolve() } as never,
          { grantsBetween: () => Promise.resolve([]) } as never,
        );
        const dayMs: number[] = [];
        const dayEntries: number[] = [];
        const lastMonth = Date.parse(`${end.slice(0, 7)}-01T00:00:00Z`) - 31 * 86_400_000;
        for (let d = 0; d < 5; d++) {
          const from = new Date(lastMonth + d * 86_400_000).toISOString();
          const to = new Date(lastMonth + (d + 1) * 86_400_000).toISOString();
          const { rows } = await pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM audit_entry WHERE at >= $1 AND at < $2`,
            [from, to],
          );
          dayEntries.push(rows[0].n);
          dayMs.push(await time(() => anomalies.find({ from, to })));
        }

        // verify from a retention base that leaves the last month to walk.
        const store = new CheckpointStore(config);
        const { rows: baseRows } = await pool.query<{ entry_id: string; mac: string }>(
          `SELECT entry_id::text AS entry_id, mac FROM audit_seal WHERE seq = $1::bigint`,
          [baseSeq],
        );
        await store.writeBase({
          sequence: baseSeq,
          entryId: baseRows[0].entry_id,
          entryCount: baseSeq,
          headMac: baseRows[0].mac,
          at: new Date().toISOString(),
        });
        const verifier = new AuditVerifier(dataSource, config);
        let walkEnded = 0n;
        const verifyStart = process.hrtime.bigint();
        const result = await verifier.verify(() => (walkEnded = process.hrtime.bigint()));
        const verifySeconds = seconds(verifyStart);
        const walkSeconds = Number(walkEnded - verifyStart) / 1e9;
        if (!result.valid) throw new Error(`verify failed: ${JSON.stringify(result)}`);

        const { rows: sizes } = await pool.query<{ entries: string; seals: string; clients: string }>(
          `SELECT (SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'audit_entry'::regclass)::text AS entries,
                  pg_total_relation_size('audit_seal')::text AS seals, pg_total_relation_size('client')::text AS clients`,
        );
        const perDay = median(dayEntries);
        return summarise(
          'S1',
          s1Scale.title,
          'queries/s',
          {
            baseline: 'page by primary-key range, no filter',
            subject: "a client's page of the record (GIN)",
          },
          measured,
          { description: `figures for README's "Scale" section (${total.toLocaleString('en')} entries)` },
          {
            clients,
            entries: total,
            ...timings,
            clientPageMedianMs: round(median(pageMs)),
            clientPageP99Ms: round(percentile(pageMs, 99) ?? 0),
            clientPagePlan: pagePlan.map((r) => r['QUERY PLAN'].trim()).slice(0, 6),
            anomaliesDayEntriesMedian: perDay,
            anomaliesDayMedianMs: round(median(dayMs)),
            anomaliesDayMs: dayMs.map((m) => round(m)),
            anomaliesMicrosecondsPerEntry: round((median(dayMs) * 1000) / perDay),
            verifyChecked: result.checked,
            verifySeconds: round(verifySeconds),
            verifyWalkSeconds: round(walkSeconds),
            verifyMicrosecondsPerEntry: round((walkSeconds * 1e6) / result.checked),
            entryBytesPerEntry: Math.round(Number(sizes[0].entries) / total),
            sealBytesPerEntry: Math.round(Number(sizes[0].seals) / total),
            clientBytesPerClient: Math.round(Number(sizes[0].clients) / clients),
          },
        );
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await pool.end();
      rmSync(checkpointDir, { recursive: true, force: true });
      await drop();
    }
  },
};

/**
 * Builds the record's indexes after the load, partition by partition in two lanes (a GIN index is
 * built by one process: PostgreSQL 15 builds only B-trees in parallel), then defines each on the
 * partitioned table, which attaches the partitions' matching indexes instead of building them again.
 * The primary key the same way: on each partition, then on the parent alone, then attached.
 */
async function buildIndexes(
  url: string,
  pool: Pool,
  indexes: Array<{ name: string; def: string }>,
  withPrimaryKey: boolean,
  log: (m: string) => void,
): Promise<void> {
  const t0 = process.hrtime.bigint();
  const { rows: parts } = await pool.query<{ name: string; rows: number }>(
    `SELECT i.inhrelid::regclass::text AS name, c.reltuples::bigint::int AS rows FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'audit_entry'::regclass ORDER BY c.reltuples DESC`,
  );
  const work: string[] = [];
  for (const part of parts) {
    if (withPrimaryKey) work.push(`ALTER TABLE ${part.name} ADD PRIMARY KEY (id, at)`);
    for (const index of indexes) {
      const onPart = index.def.replace(/^CREATE INDEX \S+ ON \S+ /, `CREATE INDEX ON ${part.name} `);
      if (onPart === index.def) throw new Error(`unexpected index definition: ${index.def}`);
      work.push(onPart);
    }
  }
  const total = work.length;
  const lane = async () => {
    const db = new Pool({ connectionString: url, max: 1 });
    try {
      await db.query(`SET maintenance_work_mem = '1GB'`);
      for (let next = work.shift(); next !== undefined; next = work.shift()) {
        await db.query(next);
        log(`index ${total - work.length} of ${total} built (${seconds(t0).toFixed(0)} s)`);
      }
    } finally {
      await db.end();
    }
  };
  await Promise.all([lane(), lane()]);
  if (withPrimaryKey) {
    await pool.query(`ALTER TABLE ONLY audit_entry ADD PRIMARY KEY (id, at)`);
    const { rows: keys } = await pool.query<{ name: string }>(
      `SELECT c.conname AS name FROM pg_constraint c JOIN pg_inherits i ON i.inhrelid = c.conrelid
        WHERE i.inhparent = 'audit_entry'::regclass AND c.contype = 'p'`,
    );
    for (const key of keys) await pool.query(`ALTER INDEX audit_entry_pkey ATTACH PARTITION ${key.name}`);
  }
  for (const index of indexes) await pool.query(index.def);
  log(`indexes defined on the record (${seconds(t0).toFixed(0)} s)`);
}

/** The retention base's chain position: it leaves the last thirty days of entries to walk. */
async function baseSequence(pool: Pool, end: string): Promise<string> {
  const lastMonth = new Date(Date.parse(end) - 30 * 86_400_000).toISOString();
  const { rows: cut } = await pool.query<{ id: string }>(
    `SELECT coalesce(max(id), 0)::text AS id FROM audit_entry WHERE at < $1::timestamptz`,
    [lastMonth],
  );
  return cut[0].id;
}

/**
 * Seals every entry in id order. The walk of `verify` starts at the retention base (the last entry
 * before the last month) and never reads a seal below it, so those seals are stand-ins generated
 * by the server (same shape and size, a digest that is not the HMAC); from the base on, each seal
 * is the HMAC under the chain key that the sealer would write, streamed into COPY. Answers the
 * base's chain position.
 */
async function sealAll(
  url: string,
  pool: Pool,
  key: string,
  total: number,
  end: string,
  log: (m: string) => void,
): Promise<string> {
  const baseSeq = await baseSequence(pool, end);
  const t0 = process.hrtime.bigint();
  await copyPipe(
    url,
    `SELECT g, g, CASE WHEN g = 1 THEN '${GENESIS_MAC}' ELSE encode(sha256(('stand-in ' || (g - 1))::bytea), 'hex') END,
            encode(sha256(('stand-in ' || g)::bytea), 'hex')
       FROM generate_series(1, ${baseSeq}::bigint) g`,
    'audit_seal (seq, entry_id, prev_mac, mac)',
  );
  log(`${Number(baseSeq).toLocaleString('en')} stand-in seals below the base (${seconds(t0).toFixed(0)} s)`);
  const copy = copyIn(url, `COPY audit_seal (seq, entry_id, prev_mac, mac) FROM STDIN`);
  const { rows: head } = await pool.query<{ mac: string }>(
    `SELECT mac FROM audit_seal WHERE seq = $1::bigint`,
    [baseSeq],
  );
  let prev = head[0]?.mac ?? GENESIS_MAC;
  let seq = Number(baseSeq);
  for (let first = seq + 1; first <= total; first += SEAL_BATCH) {
    const { rows } = await pool.query<ChainRow>(
      `SELECT ${CHAIN_COLUMNS} FROM audit_entry e WHERE e.id BETWEEN $1::bigint AND $2::bigint ORDER BY e.id`,
      [first, first + SEAL_BATCH - 1],
    );
    let text = '';
    for (const row of rows) {
      seq += 1;
      const mac = chainMac(key, prev, String(seq), row);
      text += `${seq}\t${row.id}\t${prev}\t${mac}\n`;
      prev = mac;
    }
    await writeDrained(copy.stream, text);
  }
  copy.stream.end();
  await copy.done;
  log(
    `${(seq - Number(baseSeq)).toLocaleString('en')} entries sealed after the base (${seconds(t0).toFixed(0)} s)`,
  );
  return baseSeq;
}
