import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QUEUES } from '../../src/jobs';
import { RemindersService } from '../../src/reminders';
import { Measurement, Scenario, alternate, summarise } from '../scenario';
import { createBenchDatabase } from '../support/bench-db';
import { deleteRedisPrefix } from '../support/redis-keys';
import { startWorkerContext } from '../support/worker-context';

const FULL = 1_000_000;
const QUICK = 100_000;
const GOAL_SECONDS_PER_MILLION = 30;
const LINES = ['motor', 'home', 'travel', 'life', 'health', 'property', 'liability'];

/**
 * The contract base, relative to the scan date: one client per two contracts. Per 100 contracts,
 * 70 run and end on a day spread evenly over the next 365 (so about 1 in 365 ends exactly 30 days,
 * and as many 7 days, after the scan date), 25 ended in the last three years, 5 were cancelled
 * while running. Of the clients, half have an active renewal_reminders consent on e-mail, a tenth a
 * withdrawn one, and 1% are restricted.
 */
async function populate(
  owner: DataSource,
  contracts: number,
  scanDate: string,
  insurerId: string,
  log: (m: string) => void,
): Promise<void> {
  const clients = Math.ceil(contracts / 2);
  let t0 = Date.now();
  await owner.query(
    `INSERT INTO client (id, first_name, last_name, email, restricted, source)
     SELECT md5('c' || i)::uuid, 'Anna', 'Nowak ' || i, 'c' || i || '@example.com', i % 100 = 99, 'bench'
       FROM generate_series(1, $1) AS i`,
    [clients],
  );
  await owner.query(
    `INSERT INTO consent (client_id, purpose, channel, source, notice_version, granted_at, withdrawn_at, withdrawal_source)
     SELECT md5('c' || i)::uuid, 'renewal_reminders', 'email', 'web_form', '2024-01', now() - interval '2 years',
            CASE WHEN i % 10 = 5 THEN now() - interval '1 year' END, CASE WHEN i % 10 = 5 THEN 'phone_call' END
       FROM generate_series(1, $1) AS i WHERE i % 10 <= 5`,
    [clients],
  );
  log(
    `generated ${clients.toLocaleString('en')} clients with consents in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  t0 = Date.now();
  await owner.query(
    `INSERT INTO contract (client_id, insurer_id, line_of_business, policy_number, product_name, start_date, end_date, premium,
                           commission_rate_bp, commission, sum_insured, deductible, cancelled_at, cancellation_reason)
     SELECT md5('c' || (1 + i % $2))::uuid, $3, ($4::text[])[1 + i % 7], 'P/' || i, 'Bench policy', d.end_date - 365, d.end_date,
            100000, 1000, 10000, 5000000, 50000,
            CASE WHEN i % 100 >= 95 THEN now() - interval '10 days' END, CASE WHEN i % 100 >= 95 THEN 'client_request' END
       FROM generate_series(1, $1) AS i,
            LATERAL (SELECT CASE WHEN i % 100 BETWEEN 70 AND 94 THEN $5::date - 1 - (i * 37) % 1095
                                 ELSE $5::date + 1 + (i * 37) % 365 END AS end_date) d`,
    [contracts, clients, insurerId, LINES, scanDate],
  );
  await owner.query('VACUUM ANALYZE client');
  await owner.query('VACUUM ANALYZE consent');
  await owner.query('VACUUM ANALYZE contract');
  log(`generated ${contracts.toLocaleString('en')} contracts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * The same reminder rows in one plain statement: contracts running and ending exactly at a lead
 * time of their line of business (REMINDER_LEAD_DAYS_BY_LINE, the default for the others) after
 * the scan date, of clients with an active e-mail consent for renewal_reminders (not
 * restricted, kept on grounds after a refused erasure, objecting or anonymised, with an address). No paging, no registry, no queue, no record.
 */
const PLAIN_INSERT = `
  INSERT INTO contract_reminder (contract_id, client_id, lead_days, end_date, due_on, scan_date)
  SELECT k.id, k.client_id, l.lead, k.end_date, $1::date, $1::date
    FROM unnest($2::text[], $3::int[]) AS l(line, lead)
    JOIN contract k ON k.line_of_business = l.line AND k.end_date = $1::date + l.lead AND k.cancelled_at IS NULL
                   AND k.start_date <= $1::date AND k.end_date - k.start_date > l.lead
    JOIN client c ON c.id = k.client_id
   WHERE c.status = 'active' AND NOT c.restricted AND NOT c.erasure_refused AND NOT c.objected_to_marketing AND c.email IS NOT NULL
     AND EXISTS (SELECT 1 FROM consent s WHERE s.client_id = c.id AND s.purpose = 'renewal_reminders'
                  AND s.channel = 'email' AND s.withdrawn_at IS NULL)
  ON CONFLICT ON CONSTRAINT contract_reminder_once DO NOTHING
  RETURNING contract_id`;

/**
 * P7a: the daily reminder scan (RemindersService, as the worker's scheduled job runs it: each lead
 * time's contracts read in pages through ContractsService, the rows written with the audience
 * fragment derived from the registry, a send job enqueued per row, the scan and one audit entry
 * recorded) over N contracts (1,000,000; 100,000 with --quick), against one plain INSERT ... SELECT
 * of exactly the same reminder rows. Throughput is contracts in the base per second on both sides
 * (same N), so the ratio is plain time / scan time. Reminders, scans and queued jobs are cleared
 * between rounds (untimed); nothing processes the queue. Goal: 1,000,000 contracts in <= 30 s.
 */
export const p7aReminderScan: Scenario = {
  id: 'P7a',
  title: 'daily reminder scan over the contract base vs a plain INSERT ... SELECT of the same reminders',
  async run({ quick, serverUrl, redisUrl, log }) {
    const n = quick ? QUICK : FULL;
    const rounds = quick ? 3 : 5;
    const db = await createBenchDatabase(serverUrl, 'p7a');
    const prefix = `consentry-bench-p7a-${process.pid}`;
    const owner = new DataSource({ type: 'postgres', url: db.url });
    await owner.initialize();
    let app: INestApplicationContext | null = null;
    try {
      const [insurer] = await owner.query(
        `INSERT INTO insurer (name, nip, dsr_contact_email) VALUES ('Bench TU', '5260001000', 'iod@bench.example') RETURNING id`,
      );
      const started = await startWorkerContext({ databaseUrl: db.url, redisUrl, redisPrefix: prefix });
      app = started.app;
      const config = started.config;
      const reminders = app.get(RemindersService);
      const queue = app.get<Queue>(getQueueToken(QUEUES.mail));
      const scanDate = reminders.today();
      const leads = config.reminderLeadDays;
      // (line, lead) pairs: each line with its own lead times, or the default ones.
      const pairs = LINES.flatMap((line) =>
        (config.reminderLeadDaysByLine[line] ?? leads).map((lead) => ({ line, lead })),
      );
      const pairLines = pairs.map((p) => p.line);
      const pairLeads = pairs.map((p) => p.lead);
      await populate(owner, n, scanDate, insurer.id, log);

      const reset = async () => {
        await owner.query('DELETE FROM contract_reminder');
        await owner.query('DELETE FROM reminder_scan');
        await queue.obliterate({ force: true });
      };
      let expected: number | null = null;
      const scans: number[] = [];
      const plains: number[] = [];

      const subject = async (): Promise<Measurement> => {
        await reset();
        const t0 = process.hrtime.bigint();
        const result = await reminders.run();
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const jobs = await queue.getWaitingCount();
        if (
          result.date !== scanDate ||
          result.missed !== 0 ||
          jobs !== result.enqueued ||
          (expected !== null && result.enqueued !== expected)
        ) {
          throw new Error(
            `scan of ${result.date}: ${result.enqueued} queued (${jobs} jobs), ${result.missed} missed; expected ${expected}`,
          );
        }
        expected = result.enqueued;
        scans.push(seconds);
        log(
          `scan: ${result.enqueued} reminders over ${n.toLocaleString('en')} contracts in ${seconds.toFixed(3)} s`,
        );
        return { opsPerSecond: n / seconds };
      };
      const baseline = async (): Promise<Measurement> => {
        await reset();
        const t0 = process.hrtime.bigint();
        const count = ((await owner.query(PLAIN_INSERT, [scanDate, pairLines, pairLeads])) as unknown[])
          .length;
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        if (expected !== null && count !== expected)
          throw new Error(`plain INSERT wrote ${count} reminders, expected ${expected}`);
        expected = count;
        plains.push(seconds);
        log(`plain INSERT ... SELECT: ${count} reminders in ${seconds.toFixed(3)} s`);
        return { opsPerSecond: n / seconds };
      };

      const measured = await alternate(rounds, baseline, subject);
      const worst = Math.max(...scans);
      const scaledGoal = (GOAL_SECONDS_PER_MILLION * n) / FULL;
      const [{ ending }] = await owner.query(
        `SELECT count(*)::int AS ending FROM contract
          WHERE cancelled_at IS NULL AND (line_of_business, end_date) IN
                (SELECT line, $1::date + lead FROM unnest($2::text[], $3::int[]) AS l(line, lead))`,
        [scanDate, pairLines, pairLeads],
      );
      const result = summarise(
        'P7a',
        `daily reminder scan over ${n.toLocaleString('en')} contracts vs a plain INSERT ... SELECT of the same reminders`,
        'contracts/s',
        {
          baseline: 'plain INSERT ... SELECT of the reminder rows',
          subject: 'reminder scan (pages, registry audience, rows, jobs, record)',
        },
        measured,
        {
          description: `${n.toLocaleString('en')} contracts scanned in <= ${scaledGoal} s (30 s per 1,000,000)`,
        },
        {
          contracts: n,
          scanDate,
          leadDays: leads,
          leadDaysByLine: config.reminderLeadDaysByLine,
          contractsEndingOnLeadDays: ending,
          remindersPerScan: expected,
          scanSeconds: scans.map((s) => Math.round(s * 1000) / 1000),
          plainInsertSeconds: plains.map((s) => Math.round(s * 1000) / 1000),
          worstScanSeconds: Math.round(worst * 1000) / 1000,
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
