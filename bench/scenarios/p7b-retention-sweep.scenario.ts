import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RetentionService } from '../../src/retention';
import { Measurement, Scenario, alternate, summarise } from '../scenario';
import { createBenchDatabase } from '../support/bench-db';
import { deleteRedisPrefix } from '../support/redis-keys';
import { startWorkerContext } from '../support/worker-context';

const FULL = 100_000;
const QUICK = 10_000;
const GOAL_SECONDS_PER_100K = 60;

/**
 * The population, 20 clients in a cycle: 12 prospects whose 12 months ran out (a third with a
 * withdrawn consent whose evidence must go), 3 with an active consent, 2 recently active, 2 with a
 * contract that ended in 2023 (contract and accounting duties), 1 under a legal hold.
 */
async function populate(owner: DataSource, n: number, insurerId: string): Promise<void> {
  await owner.query(`TRUNCATE legal_hold, erasure_pending, consent, contract, client CASCADE`);
  await owner.query(
    `INSERT INTO client (id, first_name, last_name, email, phone, address, date_of_birth, pesel_cipher, pesel_index, source, created_at, last_activity_at)
     SELECT md5('c' || i)::uuid, 'Anna', 'Nowak' || i, 'c' || i || '@example.com', '+4860' || lpad(i::text, 7, '0'),
            jsonb_build_object('street', 'ul. Polna ' || i, 'postalCode', '00-001', 'city', 'Warszawa', 'country', 'PL'),
            DATE '1970-01-01' + (i % 15000), 'v1.' || md5('p' || i), md5('x' || i), 'bench',
            now() - interval '3 years', CASE WHEN i % 20 IN (15, 16) THEN now() - interval '10 days' ELSE now() - interval '2 years' END
       FROM generate_series(1, $1) AS i`,
    [n],
  );
  await owner.query(
    `INSERT INTO consent (client_id, purpose, channel, source, evidence, notice_version, granted_at, withdrawn_at, withdrawal_source)
     SELECT md5('c' || i)::uuid, 'marketing', 'email', 'web_form', 'form ' || i, '2024-01', now() - interval '2 years',
            CASE WHEN i % 20 < 12 THEN now() - interval '18 months' END, CASE WHEN i % 20 < 12 THEN 'phone_call' END
       FROM generate_series(1, $1) AS i WHERE i % 20 < 12 AND i % 3 = 0 OR i % 20 IN (12, 13, 14)`,
    [n],
  );
  await owner.query(
    `INSERT INTO contract (client_id, insurer_id, line_of_business, policy_number, product_name, start_date, end_date, premium,
                           commission_rate_bp, commission, sum_insured, deductible)
     SELECT md5('c' || i)::uuid, $2, 'motor', 'B/' || i, 'Auto', DATE '2022-06-01', DATE '2023-05-31', 100000, 1000, 10000, 1, 0
       FROM generate_series(1, $1) AS i WHERE i % 20 IN (17, 18)`,
    [n, insurerId],
  );
  await owner.query(
    `INSERT INTO legal_hold (client_id, reason, placed_under) SELECT md5('c' || i)::uuid, 'claim ' || i, 'claims'
       FROM generate_series(1, $1) AS i WHERE i % 20 = 19`,
    [n],
  );
  await owner.query(`VACUUM ANALYZE client`);
  await owner.query(`ANALYZE consent`);
  await owner.query(`ANALYZE contract`);
  await owner.query(`ANALYZE legal_hold`);
}

/**
 * P7b: the retention sweep over a client base (decide every client from the registry, anonymise
 * the expired ones in batches with consents, linked records, queued mail and one audit entry per
 * batch) against a plain UPDATE that overwrites the personal columns of exactly the same rows.
 * Throughput is clients examined per second on both sides (same N), so the ratio is
 * baseline time / sweep time. Goal: 100,000 clients in at most 60 s.
 */
export const p7bRetentionSweep: Scenario = {
  id: 'P7b',
  title: 'retention sweep over the client base vs a plain UPDATE of the same rows',
  async run({ quick, serverUrl, redisUrl, log }) {
    const n = quick ? QUICK : FULL;
    const rounds = quick ? 2 : 3;
    const db = await createBenchDatabase(serverUrl, 'p7b');
    const prefix = `consentry-bench-p7b-${process.pid}`;
    const owner = new DataSource({ type: 'postgres', url: db.url });
    await owner.initialize();
    let app: INestApplicationContext | null = null;
    try {
      const [insurer] = await owner.query(
        `INSERT INTO insurer (name, nip, dsr_contact_email) VALUES ('Bench TU', '5260001000', 'iod@bench.example') RETURNING id`,
      );
      ({ app } = await startWorkerContext({ databaseUrl: db.url, redisUrl, redisPrefix: prefix }));
      const retention = app.get(RetentionService);
      const expected = Math.floor(n / 20) * 12 + Math.min(n % 20, 12);
      const sweeps: number[] = [];
      const updates: number[] = [];

      const subject = async (): Promise<Measurement> => {
        await populate(owner, n, insurer.id);
        const t0 = process.hrtime.bigint();
        const report = await retention.sweep({ dryRun: false });
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        if (report.anonymised.count !== expected)
          throw new Error(`sweep anonymised ${report.anonymised.count}, expected ${expected}`);
        sweeps.push(seconds);
        log(
          `sweep: ${n} clients in ${seconds.toFixed(2)} s (${report.anonymised.count} anonymised, kept ${JSON.stringify(report.kept.byDuty)})`,
        );
        return { opsPerSecond: n / seconds };
      };
      const baseline = async (): Promise<Measurement> => {
        await populate(owner, n, insurer.id);
        const t0 = process.hrtime.bigint();
        const [, count]: [unknown, number] = await owner.query(
          `UPDATE client SET status = 'anonymised', first_name = NULL, last_name = NULL, email = NULL, phone = NULL, address = NULL,
                  date_of_birth = NULL, pesel_cipher = NULL, pesel_index = NULL, anonymised_at = now(), updated_at = now()
            WHERE id IN (SELECT md5('c' || i)::uuid FROM generate_series(1, $1) AS i WHERE i % 20 < 12)`,
          [n],
        );
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        if (count !== expected) throw new Error(`baseline updated ${count}, expected ${expected}`);
        updates.push(seconds);
        log(`plain UPDATE: ${count} rows in ${seconds.toFixed(2)} s`);
        return { opsPerSecond: n / seconds };
      };

      const measured = await alternate(rounds, baseline, subject);
      const worst = Math.max(...sweeps);
      const scaledGoal = (GOAL_SECONDS_PER_100K * n) / FULL;
      const result = summarise(
        'P7b',
        `retention sweep over ${n.toLocaleString('en')} clients vs a plain UPDATE of the same rows`,
        'clients/s',
        {
          baseline: 'plain UPDATE of the expired rows',
          subject: 'retention sweep (decide + anonymise + audit)',
        },
        measured,
        { description: `${n.toLocaleString('en')} clients swept in <= ${scaledGoal} s (60 s per 100,000)` },
        {
          clients: n,
          anonymisedPerRound: expected,
          sweepSeconds: sweeps.map((s) => Math.round(s * 100) / 100),
          plainUpdateSeconds: updates.map((s) => Math.round(s * 100) / 100),
          worstSweepSeconds: Math.round(worst * 100) / 100,
        },
      );
      return { ...result, met: worst <= scaledGoal };
    } finally {
      await app?.close();
      await owner.destroy();
      await db.drop();
      await deleteRedisPrefix(redisUrl, prefix);
    }
  },
};
