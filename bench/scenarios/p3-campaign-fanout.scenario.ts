import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { JOBS, QUEUES, jobIds } from '../../src/jobs';
import { CampaignDelivery } from '../../src/mailings';
import { BenchOptions, Measurement, Scenario, alternate, summarise } from '../scenario';
import { createBenchDatabase } from '../support/bench-db';
import { cpuLine, cpuPerOperation, cpuSnapshot } from '../support/process-cpu';
import { startWorkerContext } from '../support/worker-context';

const FULL = 200_000;
const QUICK = 20_000;
const CAPACITY_FULL = 1_000_000;
const CAPACITY_QUICK = 100_000;
/** The capacity goal: 1,000,000 recipients fanned out in two minutes (scaled for --quick). */
const CAPACITY_GOAL_SECONDS_PER_MILLION = 120;
const ADD_BULK_CHUNK = 1000;

/**
 * P3: the fan-out of 200,000 consenting clients (20,000 with --quick) against a raw addBulk of the
 * same jobs, in alternating rounds (see measureFanOut).
 */
export const p3CampaignFanOut: Scenario = {
  id: 'P3',
  title: 'campaign fan-out (SQL audience, recipient rows, jobs) vs raw addBulk of the same jobs',
  async run(options) {
    const n = options.quick ? QUICK : FULL;
    // Five rounds a side: the same work costs 30 to 57 µs of CPU per job from round to round here (the
    // host's other guests share the cores and their caches), and a median of three moved by a fifth.
    const rounds = options.quick ? 2 : 5;
    const { measured } = await measureFanOut(options, n, rounds);
    return summarise(
      'P3',
      'campaign fan-out (SQL audience, recipient rows, jobs) vs raw addBulk of the same jobs',
      'recipients/s',
      { baseline: `raw addBulk of ${n} jobs`, subject: `fan-out of ${n} recipients` },
      measured,
      { ratioAtLeast: 0.75, description: 'fan-out at least 0.75x the raw addBulk rate' },
      { recipients: n, rounds },
    );
  },
};

/**
 * P3c: the same fan-out at capacity size, 1,000,000 consenting clients (100,000 with --quick), one
 * round of each side; the goal is the fan-out's own time, at most two minutes per million.
 */
export const p3CampaignFanOutCapacity: Scenario = {
  id: 'P3c',
  title: 'campaign fan-out of 1,000,000 recipients within two minutes',
  async run(options) {
    const n = options.quick ? CAPACITY_QUICK : CAPACITY_FULL;
    const { measured } = await measureFanOut(options, n, 1);
    const seconds = n / measured.subject[0].opsPerSecond;
    const goalSeconds = (CAPACITY_GOAL_SECONDS_PER_MILLION * n) / CAPACITY_FULL;
    const result = summarise(
      'P3c',
      `campaign fan-out of ${n.toLocaleString('en')} recipients`,
      'recipients/s',
      { baseline: `raw addBulk of ${n} jobs`, subject: `fan-out of ${n} recipients` },
      measured,
      {
        description: `${n.toLocaleString('en')} recipients fanned out in <= ${goalSeconds} s (120 s per 1,000,000)`,
      },
      {
        recipients: n,
        fanOutSeconds: Math.round(seconds * 100) / 100,
        addBulkSeconds: Math.round((n / measured.baseline[0].opsPerSecond) * 100) / 100,
      },
    );
    return { ...result, met: seconds <= goalSeconds };
  },
};

/**
 * A campaign's fan-out for n consenting clients: the audience selected in SQL from the registry's
 * rules, one recipient row per client written with INSERT ... SELECT, and one send job per
 * recipient added with deterministic ids — against a raw `addBulk` of the same number of jobs of
 * the same shape (same chunk size, ids and options) with no database work at all. Throughput is
 * recipients (jobs) per second; the queue is emptied between rounds and nothing processes it.
 */
async function measureFanOut({ serverUrl, redisUrl, log }: BenchOptions, n: number, rounds: number) {
  const db = await createBenchDatabase(serverUrl, 'p3');
  const owner = new DataSource({ type: 'postgres', url: db.url });
  await owner.initialize();
  let app: INestApplicationContext | null = null;
  try {
    await owner.query(
      `INSERT INTO client (first_name, last_name, email, source)
         SELECT 'Anna', 'Nowak ' || g, 'fan.' || g || '@example.com', 'bench' FROM generate_series(1, $1) g`,
      [n],
    );
    // A tenth of the base without consent, so the audience is a selection, not the whole table.
    await owner.query(
      `INSERT INTO client (first_name, last_name, email, source)
         SELECT 'Jan', 'Kowalski ' || g, 'other.' || g || '@example.com', 'bench-no-consent' FROM generate_series(1, $1) g`,
      [Math.floor(n / 10)],
    );
    await owner.query(
      `INSERT INTO consent (client_id, purpose, channel, source, notice_version)
         SELECT id, 'marketing', 'email', 'bench', '2026-01' FROM client WHERE source = 'bench'`,
    );
    await owner.query('VACUUM ANALYZE client');
    await owner.query('VACUUM ANALYZE consent');
    log(`generated ${n.toLocaleString('en')} consenting clients`);

    ({ app } = await startWorkerContext({
      databaseUrl: db.url,
      redisUrl,
      redisPrefix: `consentry-bench-p3-${process.pid}`,
    }));
    const delivery = app.get(CampaignDelivery);
    const queue = app.get<Queue>(getQueueToken(QUEUES.mail));
    const clientIds: string[] = (
      await owner.query(`SELECT id::text FROM client WHERE source = 'bench' ORDER BY id`)
    ).map((r: { id: string }) => r.id);
    const reset = async () => {
      await queue.obliterate({ force: true });
      await owner.query(`TRUNCATE campaign_recipient, campaign`);
      await owner.query(`CHECKPOINT`);
    };

    const subject = async (): Promise<Measurement> => {
      await reset();
      const [campaign] = await owner.query(
        `INSERT INTO campaign (name, channel, subject, body, status, launched_at) VALUES ('bench', 'email', 's', '<p>b</p>', 'running', now()) RETURNING id`,
      );
      const cpu0 = cpuSnapshot(undefined);
      const t0 = process.hrtime.bigint();
      const result = await delivery.fanOut(campaign.id);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = cpuPerOperation(cpu0, cpuSnapshot(undefined), n);
      const waiting = await queue.getWaitingCount();
      if (result?.targeted !== n || waiting !== n)
        throw new Error(`fan-out targeted ${result?.targeted}, queued ${waiting} jobs; expected ${n}`);
      log(`fan-out: ${n} recipients in ${seconds.toFixed(2)} s (${cpuLine(cpu, 'recipient')})`);
      return { opsPerSecond: n / seconds };
    };
    const baseline = async (): Promise<Measurement> => {
      await reset();
      const campaignId = '00000000-0000-4000-8000-000000000003';
      const cpu0 = cpuSnapshot(undefined);
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < clientIds.length; i += ADD_BULK_CHUNK) {
        await queue.addBulk(
          clientIds.slice(i, i + ADD_BULK_CHUNK).map((clientId) => ({
            name: JOBS.campaignSend,
            data: { campaignId, clientId },
            opts: {
              ...delivery.sendJobOptions(campaignId, clientId),
              jobId: jobIds.campaignSend(campaignId, clientId),
            },
          })),
        );
      }
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = cpuPerOperation(cpu0, cpuSnapshot(undefined), n);
      if ((await queue.getWaitingCount()) !== n) throw new Error('raw addBulk did not queue every job');
      log(`raw addBulk: ${n} jobs in ${seconds.toFixed(2)} s (${cpuLine(cpu, 'recipient')})`);
      return { opsPerSecond: n / seconds };
    };

    if (rounds > 1) {
      // One unmeasured round of each first, as in P1 and P4: the first round of either side runs
      // before the JIT has compiled it and would weigh on whichever side runs first.
      log('warming up');
      await baseline();
      await subject();
    }
    const measured = await alternate(rounds, baseline, subject);
    await queue.obliterate({ force: true });
    return { measured };
  } finally {
    await app?.close();
    await owner.destroy();
    await db.drop();
  }
}
