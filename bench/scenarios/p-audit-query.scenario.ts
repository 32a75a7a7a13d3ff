import { createHash, randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { dropDatabase, ensureDatabase } from '@app/common/database/ensure-database';
import { withDatabase } from '@app/common/database/data-source-options';
import { runMigrations } from '@app/common/database/migrate';
import { MIGRATIONS } from '../../migrations';
import { AuditEntryFilter, REVIEW_COLUMNS, entryPageQuery } from '@app/audit';
import { Measurement, Scenario, median, percentile, summarise } from '../scenario';

const CLIENTS = 20_000;
const STAFF = 40;
const PAGE = 51;
const GOAL_MS = 50;

/** The uuid of generated client number `n` (deterministic, so queries can name clients that exist). */
const clientUuid = (n: string) => `md5('client-' || (${n})::text)::uuid`;
const staffUuid = (n: string) => `md5('staff-' || (${n})::text)::uuid`;

/**
 * Q1: the managers' query of the record of operations over 1,000,000 entries (100,000 with
 * --quick), filtered by one client: the SQL the API runs (newest first, one page), against the
 * same page read by primary-key range without the client filter. Entries are spread over 90 days,
 * 40 staff and 20,000 clients; one in six is a list naming ten clients, one in fifty is a refusal.
 */
export const q1AuditQuery: Scenario = {
  id: 'Q1',
  title: 'access-log query filtered by client over 1,000,000 entries vs primary-key page',
  async run({ quick, serverUrl, log }) {
    const total = quick ? 100_000 : 1_000_000;
    const url = withDatabase(serverUrl, `consentry_bench_q1_${randomBytes(3).toString('hex')}`);
    await ensureDatabase(url);
    const pool = new Pool({ connectionString: url, max: 2 });
    try {
      await runMigrations(url, MIGRATIONS);
      const started = Date.now();
      const chunk = 100_000;
      for (let first = 1; first <= total; first += chunk) {
        const last = Math.min(total, first + chunk - 1);
        await pool.query(
          `INSERT INTO audit_entry (at, actor_id, actor_role, purpose, action, resource, resource_id, client_ids, fields, outcome, reason, request_id, ip)
           SELECT timestamptz '2025-01-01T00:00:00Z' + (g::float8 / $3 * 90) * interval '1 day',
                  ${staffUuid('g % ' + STAFF)}, 'broker', 'offer_preparation',
                  CASE WHEN g % 6 = 0 THEN 'list' WHEN g % 6 = 1 THEN 'update' ELSE 'read' END,
                  'client',
                  CASE WHEN g % 6 = 0 THEN NULL ELSE ${clientUuid(`(g * 7919) % ${CLIENTS}`)}::text END,
                  CASE WHEN g % 6 = 0
                       THEN ARRAY(SELECT ${clientUuid(`(g * 7919 + k * 101) % ${CLIENTS}`)} FROM generate_series(0, 9) k)
                       ELSE ARRAY[${clientUuid(`(g * 7919) % ${CLIENTS}`)}] END,
                  '{email,firstName,lastName}',
                  CASE WHEN g % 50 = 0 THEN 'denied' ELSE 'allowed' END,
                  CASE WHEN g % 50 = 0 THEN 'NOT_VISIBLE_UNDER_PURPOSE' END,
                  md5(g::text), '10.0.' || (g % 250) || '.' || (g % 200)
             FROM generate_series($1::bigint, $2::bigint) g`,
          [first, last, total],
        );
        log(
          `generated ${last.toLocaleString('en')} entries (${((Date.now() - started) / 1000).toFixed(1)} s)`,
        );
      }
      await pool.query('VACUUM ANALYZE audit_entry');
      const [{ max }] = (await pool.query(`SELECT max(id)::text AS max FROM audit_entry`)).rows;
      const maxId = Number(max);

      let seed = 42;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const clientIds = (
        await pool.query(`SELECT ${clientUuid('n')}::text AS id FROM generate_series(0, 999) n`)
      ).rows.map((r: { id: string }) => r.id);
      const run = async (sql: string, params: unknown[]): Promise<{ ms: number; rows: number }> => {
        const t0 = process.hrtime.bigint();
        const result = await pool.query(sql, params);
        return { ms: Number(process.hrtime.bigint() - t0) / 1e6, rows: result.rowCount ?? 0 };
      };
      const timed = (filter: AuditEntryFilter) => {
        const { sql, params } = entryPageQuery(filter, null, PAGE);
        return run(sql, params);
      };
      const pkPage = `SELECT ${REVIEW_COLUMNS} FROM audit_entry e WHERE e.id <= $1::bigint ORDER BY e.id DESC LIMIT ${PAGE}`;
      const perRound = quick ? 100 : 200;
      const round = async (next: () => Promise<{ ms: number; rows: number }>): Promise<Measurement> => {
        const latencies: number[] = [];
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < perRound; i++) latencies.push((await next()).ms);
        return {
          opsPerSecond: perRound / (Number(process.hrtime.bigint() - t0) / 1e9),
          latenciesMs: latencies,
        };
      };
      let rowsSeen = 0;
      const subject = () =>
        round(async () => {
          const r = await timed({ clientId: clientIds[Math.floor(random() * clientIds.length)] });
          rowsSeen += r.rows;
          return r;
        });
      const baseline = () => round(() => run(pkPage, [String(PAGE + Math.floor(random() * (maxId - PAGE)))]));

      log('warming up');
      await subject();
      await baseline();
      rowsSeen = 0;
      const rounds = quick ? 3 : 5;
      const measured = { baseline: [] as Measurement[], subject: [] as Measurement[] };
      for (let i = 0; i < rounds; i++) {
        if (i % 2 === 0) {
          measured.baseline.push(await baseline());
          measured.subject.push(await subject());
        } else {
          measured.subject.push(await subject());
          measured.baseline.push(await baseline());
        }
      }
      const subjectMs = measured.subject.flatMap((m) => m.latenciesMs ?? []);
      const baselineMs = measured.baseline.flatMap((m) => m.latenciesMs ?? []);

      // Other filters, once each over a few samples: how the rest of the query surface behaves.
      const sample = async (label: string, make: () => AuditEntryFilter): Promise<[string, number]> => {
        const times: number[] = [];
        for (let i = 0; i < 20; i++) times.push((await timed(make())).ms);
        return [label, round2(median(times))];
      };
      const others = Object.fromEntries([
        await sample('actor', () => ({ actorId: uuidOfStaff(Math.floor(random() * STAFF)) })),
        await sample('client+month', () => ({
          clientId: clientIds[Math.floor(random() * clientIds.length)],
          from: '2025-02-01T00:00:00Z',
          to: '2025-03-01T00:00:00Z',
        })),
        await sample('denied', () => ({ outcome: 'denied' })),
        await sample('one day', () => ({ from: '2025-02-10T00:00:00Z', to: '2025-02-11T00:00:00Z' })),
        await sample('action absent (export)', () => ({ action: 'export' })),
      ]);
      const { rows: plan } = await pool.query(
        `EXPLAIN ${entryPageQuery({ clientId: clientIds[0] }, null, PAGE).sql}`,
        [clientIds[0]],
      );

      const result = summarise(
        'Q1',
        q1AuditQuery.title,
        'queries/s',
        { baseline: 'page by primary-key range, no filter', subject: 'page filtered by client (GIN)' },
        measured,
        {
          description: `median of the client-filtered query under ${GOAL_MS} ms on ${total.toLocaleString('en')} entries`,
        },
        {
          entries: total,
          clients: CLIENTS,
          subjectMedianMs: round2(median(subjectMs)),
          baselineMedianMs: round2(median(baselineMs)),
          subjectP99Ms: round2(percentile(subjectMs, 99) ?? 0),
          averageRowsPerClientPage: round2(rowsSeen / (rounds * perRound)),
          otherFiltersMedianMs: others,
          plan: plan.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'].trim()).slice(0, 4),
        },
      );
      return { ...result, met: median(subjectMs) < GOAL_MS };
    } finally {
      await pool.end();
      await dropDatabase(url);
    }
  },
};

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** md5('staff-' || n)::uuid, as the generator computes it. */
function uuidOfStaff(n: number): string {
  const hex = createHash('md5').update(`staff-${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
