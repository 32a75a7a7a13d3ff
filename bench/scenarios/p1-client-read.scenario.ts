import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { DEVELOPMENT_SECRETS } from '@app/common/config/app-config';
import { makePesel } from '@app/common/validation/pesel';
import { BenchOptions, Scenario, alternateAll, summarise, withCeiling } from '../scenario';
import { createBenchDatabase } from '../support/bench-db';
import { runLoad } from '../support/load';
import { CpuByGroup, cpuPerOperation, cpuSnapshot } from '../support/process-cpu';
import { startBenchServer, startCeilingServer } from '../support/server-process';

const CLIENTS = 10_000;

/**
 * P1: GET /api/clients/:id with authentication, purpose check, CASL projection and the record of
 * operations, against the same lookup served by a bench-only route with none of those, on the
 * same server process, 50 keep-alive connections, alternating rounds. Also against the ceiling: a
 * process with NestJS on Fastify and one primary-key SELECT through pg, nothing else.
 */
export const p1ClientRead: Scenario = {
  id: 'P1',
  title: 'audited, projected GET /api/clients/:id vs the same lookup with checks off',
  run: (options) => clientReadScenario(options, 'single'),
};

/** P2: a page of 100 projected clients (GET /api/clients?limit=100) vs the same page unprojected. */
export const p2ClientList: Scenario = {
  id: 'P2',
  title: 'list of 100 projected clients vs the same list unprojected',
  run: (options) => clientReadScenario(options, 'list'),
};

async function clientReadScenario(
  { quick, serverUrl, redisUrl, log }: BenchOptions,
  kind: 'single' | 'list',
) {
  {
    const db = await createBenchDatabase(serverUrl, kind === 'single' ? 'p1' : 'p2');
    const server = await (async () => {
      const ds = new DataSource({ type: 'postgres', url: db.url });
      await ds.initialize();
      try {
        const cipher = new FieldCipher(
          DEVELOPMENT_SECRETS.FIELD_ENCRYPTION_KEY,
          DEVELOPMENT_SECRETS.BLIND_INDEX_KEY,
        );
        const hash = await argon2.hash('bench-password-1', { type: argon2.argon2id });
        await ds.query(
          `INSERT INTO staff (email, full_name, role, password_hash) VALUES ('broker@bench.local', 'Bench Broker', 'broker', $1)`,
          [hash],
        );
        // offer_preparation is portfolio-bound: the broker's team holds the clients read.
        await ds.query(`INSERT INTO team (name) VALUES ('Bench')`);
        await ds.query(`INSERT INTO staff_team (staff_id, team_id) SELECT s.id, t.id FROM staff s, team t`);
        const rows: string[][] = [];
        for (let i = 0; i < CLIENTS; i++) {
          const birth = `${1950 + (i % 50)}-0${(i % 9) + 1}-1${i % 9}`;
          const pesel = makePesel(birth, i);
          rows.push([
            `Imię${i}`,
            `Nazwisko${i}`,
            `c${i}@example.com`,
            `+4860${String(1000000 + i).slice(-7)}`,
            birth,
            cipher.encrypt(pesel),
            cipher.blindIndex('pesel', `${pesel}-${i}`),
          ]);
        }
        for (let i = 0; i < rows.length; i += 2000) {
          const chunk = rows.slice(i, i + 2000);
          await ds.query(
            `INSERT INTO client (first_name, last_name, email, phone, date_of_birth, pesel_cipher, pesel_index, address, team_id)
             SELECT f, l, e, p, d::date, pc, pi, '{"street":"ul. Długa 1","postalCode":"00-001","city":"Warszawa","country":"PL"}'::jsonb,
                    (SELECT id FROM team)
               FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(f, l, e, p, d, pc, pi)`,
            [0, 1, 2, 3, 4, 5, 6].map((c) => chunk.map((r) => r[c])),
          );
        }
        // As autovacuum would within a minute: the planner needs the tables' statistics (one team
        // holds every client here, which the planner cannot guess).
        await ds.query(`ANALYZE client, consent, staff_team`);
        return (await ds.query(`SELECT id FROM client`)).map((r: { id: string }) => r.id) as string[];
      } finally {
        await ds.destroy();
      }
    })().then(async (ids) => ({
      ids,
      ceiling: await startCeilingServer(db.url),
      proc: await startBenchServer({
        DATABASE_URL: db.url,
        REDIS_URL: redisUrl,
        REDIS_PREFIX: `consentry-bench-${kind}`,
        LOG_LEVEL: 'silent',
        LOGIN_THROTTLE_LIMIT: '1000',
        DATABASE_POOL_SIZE: '10',
      }),
    }));
    try {
      const login = await fetch(`http://127.0.0.1:${server.proc.port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'broker@bench.local', password: 'bench-password-1' }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const ids = server.ids;
      const pick = (n: number) => ids[(n * 7919) % ids.length];
      const durationMs = quick ? 1500 : 5000;
      const rounds = quick ? 3 : 6;
      const connections = kind === 'single' ? 50 : 16;
      const baseline = () =>
        runLoad({
          port: server.proc.port,
          connections,
          durationMs,
          expectStatus: 200,
          request: (n) => ({
            path: kind === 'single' ? `/bench/plain-clients/${pick(n)}` : '/bench/plain-clients',
          }),
        });
      const ceiling = () =>
        runLoad({
          port: server.ceiling.port,
          connections,
          durationMs,
          expectStatus: 200,
          request: (n) => ({ path: kind === 'single' ? `/ceiling/clients/${pick(n)}` : '/ceiling/clients' }),
        });
      const subject = () =>
        runLoad({
          port: server.proc.port,
          connections,
          durationMs,
          expectStatus: 200,
          request: (n) => ({
            path: kind === 'single' ? `/api/clients/${pick(n)}` : '/api/clients?limit=100',
            headers: { authorization: `Bearer ${accessToken}`, 'x-purpose': 'offer_preparation' },
          }),
        });
      // CPU per request by process (the server, PostgreSQL, Redis, the load generator), summed over
      // each side's rounds: where a request's cost lies, beside how fast it is.
      const cpu = new Map<string, { seconds: Map<string, number>; requests: number }>();
      const cpuTotals: Record<string, CpuByGroup> = {};
      const counted =
        (label: string, pid: number | undefined, side: () => Promise<{ opsPerSecond: number }>) =>
        async () => {
          const before = cpuSnapshot(pid);
          const started = process.hrtime.bigint();
          const measurement = await side();
          const requests = measurement.opsPerSecond * (Number(process.hrtime.bigint() - started) / 1e9);
          const per = cpuPerOperation(before, cpuSnapshot(pid), requests);
          const sum = cpu.get(label) ?? { seconds: new Map<string, number>(), requests: 0 };
          sum.requests += requests;
          for (const [k, v] of Object.entries(per))
            sum.seconds.set(k, (sum.seconds.get(k) ?? 0) + (v * requests) / 1e6);
          cpu.set(label, sum);
          return measurement;
        };
      log('warming up');
      await ceiling();
      await baseline();
      await subject();
      const [ceilingRounds, baselineRounds, subjectRounds] = await alternateAll(rounds, [
        counted('ceiling', server.ceiling.child.pid, ceiling),
        counted('baseline', server.proc.child.pid, baseline),
        counted('subject', server.proc.child.pid, subject),
      ]);
      for (const [label, sum] of cpu) {
        const per = (k: string) => Math.round(((sum.seconds.get(k) ?? 0) * 1e6) / sum.requests);
        cpuTotals[label] = {
          server: per('server'),
          postgres: per('postgres'),
          redis: per('redis'),
          load: per('load'),
        };
      }
      const measured = { baseline: baselineRounds, subject: subjectRounds };
      const errors = [...ceilingRounds, ...measured.baseline, ...measured.subject].reduce(
        (a, m) => a + ((m as { errors?: number }).errors ?? 0),
        0,
      );
      if (errors > 0) throw new Error(`${errors} requests failed or answered an unexpected status`);
      const result =
        kind === 'single'
          ? summarise(
              'P1',
              p1ClientRead.title,
              'req/s',
              {
                baseline: 'plain lookup (no auth, projection, record)',
                subject: 'GET /api/clients/:id (everything on)',
              },
              measured,
              { ratioAtLeast: 0.8, description: 'subject/baseline throughput >= 0.80' },
              { clients: CLIENTS, connections, cpuMicrosecondsPerRequest: cpuTotals },
            )
          : summarise(
              'P2',
              p2ClientList.title,
              'pages/s',
              {
                baseline: 'plain page of 100 (no auth, projection, record)',
                subject: 'GET /api/clients?limit=100 (everything on)',
              },
              measured,
              { ratioAtLeast: 0.6, description: 'subject/baseline throughput >= 0.60' },
              { clients: CLIENTS, connections, pageSize: 100, cpuMicrosecondsPerPage: cpuTotals },
            );
      return kind === 'single'
        ? withCeiling(
            result,
            'ceiling: NestJS on Fastify, one SELECT by primary key through pg',
            ceilingRounds,
            {
              ratioAtLeast: 0.6,
              description: 'subject/ceiling throughput >= 0.60 (stretch 0.70), p99 <= 2x',
            },
          )
        : withCeiling(result, 'ceiling: NestJS on Fastify, a raw page of 100 through pg', ceilingRounds, {
            ratioAtLeast: 0.5,
            description: 'subject/ceiling throughput >= 0.50',
          });
    } finally {
      await server.ceiling.stop();
      await server.proc.stop();
      await db.drop();
    }
  }
}
