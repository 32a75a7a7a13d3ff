import { ChildProcess } from 'node:child_process';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Client, PoolClient, QueryResult } from 'pg';
import { ConsentsService } from '../../src/consents';
import { QUEUES } from '../../src/jobs';
import { waitFor } from '../support/messaging';
import { PrivateRedis, startPrivateRedis } from '../support/private-redis';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';
import { exited, spawnWorker } from '../support/worker-process';

/**
 * Chaos: a campaign during which the worker process is killed with SIGKILL twice, Redis is shut
 * down and started again once, and 1% of the recipients withdraw their consent while it runs.
 * Nobody gets a mail twice, nobody gets a mail claimed after their withdrawal committed, and every
 * recipient ends sent, skipped with a reason, or failed as interrupted.
 *
 * CHAOS_RECIPIENTS sets the size (10,000 by default; `npm run test:chaos` runs 100,000). Redis is a
 * private redis-server with an append-only file, so its restart keeps the queue, as in production.
 */
const RECIPIENTS = Number(process.env.CHAOS_RECIPIENTS ?? 10_000);
const WITHDRAWALS = Math.max(2, Math.round(RECIPIENTS / 100));
const CONCURRENCY = 25;
const REDIS_DOWN_MS = 1500;
/** Startup, lock expiries after the kills, and a few milliseconds per recipient on a busy machine. */
// Generous: the suite runs this beside other files on two cores.
const TIMEOUT_MS = 90_000 + RECIPIENTS * 9;
/** Lines a worker prints while Redis is away; anything else from a worker still shows. */
const REDIS_AWAY =
  /ECONNREFUSED|Connection is closed|ECONNRESET|connect ETIMEDOUT|ETIMEDOUT|Stream isn't writeable|LOADING|max retries per request/i;

interface Withdrawal {
  clientId: string;
  mode: 'front' | 'anywhere';
  /** The database clock just before the withdrawal's commit, and just after it (microseconds since the epoch). */
  beforeCommit: bigint;
  afterCommit: bigint;
  /** The recipient's row right after the commit (null: the fan-out had not reached the client). */
  stateAfter: string | null;
}

interface FinalRow {
  client_id: string;
  email: string;
  status: string;
  reason: string | null;
  sending_at: string | null;
}

const micros = `(extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text`;

describe(`chaos: a ${RECIPIENTS.toLocaleString('en')}-recipient campaign through kills, a Redis restart and withdrawals`, () => {
  let t: TestApp;
  let sink: SmtpSink;
  let redis: PrivateRedis;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    redis = await startPrivateRedis();
    t = await startTestApp({
      REDIS_URL: redis.url,
      SMTP_URL: sink.url,
      DATABASE_POOL_SIZE: '8',
      MAIL_CONCURRENCY: String(CONCURRENCY),
      MAIL_RATE_PER_MINUTE: '6000000',
      JOB_LOCK_DURATION_MS: '3000',
      JOB_STALLED_INTERVAL_MS: '1500',
      MAIL_RETRY_DELAY_MS: '200',
    });
  });
  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await t?.close();
    await sink?.close();
    await redis?.stop();
  });

  it(
    'sends no mail twice, none after a withdrawal, and accounts for every recipient',
    async () => {
      const started = Date.now();
      const workers: ChildProcess[] = [];
      const start = () => {
        const child = spawnWorker(t.config, { quiet: REDIS_AWAY });
        children.push(child);
        workers.push(child);
        return child;
      };
      // Two worker processes, as a deployment with two replicas: each one killed is replaced, and
      // the other takes over the jobs it held once their locks expire. The first two boot while
      // the data is written.
      start();
      start();
      const clients: Array<{ id: string; email: string }> = await t.db.query(
        `WITH made AS (
           INSERT INTO client (first_name, last_name, email, source)
           SELECT 'Chaos', 'Test ' || g, 'chaos.' || g || '@example.com', 'chaos' FROM generate_series(1, $1) g RETURNING id, email),
         granted AS (
           INSERT INTO consent (client_id, purpose, channel, source, notice_version)
           SELECT id, 'marketing', 'email', 'test', '2026-01' FROM made)
         SELECT id::text, email FROM made`,
        [RECIPIENTS],
      );
      expect(clients).toHaveLength(RECIPIENTS);
      // Statistics, as autovacuum would gather them in production (it is off on test servers): without
      // them the planner takes the fresh tables for empty and the send-time checks slow down as they grow.
      const owner = new Client({ connectionString: t.databaseUrl });
      await owner.connect();
      try {
        await owner.query('ANALYZE client');
        await owner.query('ANALYZE consent');
      } finally {
        await owner.end();
      }
      const emailOf = new Map(clients.map((c) => [c.id, c.email]));

      // The sink's messages are counted and dropped as they arrive, so 100,000 of them fit in memory.
      const perAddress = new Map<string, number>();
      const perMessageId = new Map<string, number>();
      let received = 0;
      const progress = () => {
        for (const mail of sink.mails.splice(0)) {
          received += 1;
          for (const to of mail.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
          const messageId = mail.headers.get('message-id') ?? `missing-${received}`;
          perMessageId.set(messageId, (perMessageId.get(messageId) ?? 0) + 1);
        }
        return received;
      };

      const created = await t.http.post('/api/campaigns').set(t.as('marketing', 'marketing')).send({
        name: 'Chaos',
        channel: 'email',
        subject: 'Hello {{firstName}}',
        body: '<p>Hello {{firstName}} {{lastName}}</p>',
      });
      expect(created.status).toBe(201);
      const campaignId = created.body.id as string;
      expect(
        (await t.http.post(`/api/campaigns/${campaignId}/launch`).set(t.as('marketing', 'marketing'))).status,
      ).toBe(202);

      const openRows = async (): Promise<number> => {
        const [row] = await t.db.query(
          `SELECT count(*) FILTER (WHERE status IN ('queued','sending'))::int AS open FROM campaign_recipient WHERE campaign_id = $1`,
          [campaignId],
        );
        return row.open as number;
      };

      // Withdrawals, spread over the run in step with the mails sent (all done by 85%). Every other
      // one takes a recipient at the front of the queue (racing its send), the others anyone at all
      // (already sent, still queued, or not yet reached by the fan-out).
      const consents = t.app.get(ConsentsService);
      const withdrawals: Withdrawal[] = [];
      const withdrawn = new Set<string>();
      let stopWithdrawals = false;
      // Jobs are taken roughly in client id order (the fan-out adds them so): the front only moves on.
      let frontFrom = '00000000-0000-0000-0000-000000000000';
      const withdrawOne = async (mode: Withdrawal['mode']) => {
        let clientId: string | undefined;
        if (mode === 'front') {
          const front: Array<{ id: string }> = await t.db.query(
            `SELECT client_id::text AS id FROM campaign_recipient
              WHERE campaign_id = $1 AND client_id >= $2::uuid AND status = 'queued' ORDER BY client_id LIMIT 64`,
            [campaignId, frontFrom],
          );
          if (front.length > 0) frontFrom = front[0].id;
          const candidates = front.filter((r) => !withdrawn.has(r.id));
          clientId = candidates[Math.floor(Math.random() * candidates.length)]?.id;
        }
        while (!clientId || withdrawn.has(clientId))
          clientId = clients[Math.floor(Math.random() * clients.length)].id;
        withdrawn.add(clientId);
        const id = clientId;
        // One connection, with the commit and the clock readings around it sent in one round trip:
        // the commit becomes visible between the two readings (without waiting for the WAL flush,
        // so they are microseconds apart), and the row is read as it stood right after.
        const runner = t.db.createQueryRunner();
        const connection = (await runner.connect()) as PoolClient;
        try {
          await connection.query('BEGIN');
          const consent = await consents.withdraw(
            { clientId: id, purpose: 'marketing', channel: 'email', source: 'chaos_test', withdrawnBy: null },
            runner.manager,
          );
          if (!consent) throw new Error(`no active consent to withdraw for ${id}`);
          const results = (await connection.query(
            `SET LOCAL synchronous_commit = off; SELECT ${micros} AS at; COMMIT;
             SELECT ${micros} AS at, (SELECT status FROM campaign_recipient
                                      WHERE campaign_id = '${campaignId}' AND client_id = '${id}') AS status`,
          )) as unknown as QueryResult[];
          const before = results[1].rows[0];
          const after = results[3].rows[0];
          withdrawals.push({
            clientId: id,
            mode,
            beforeCommit: BigInt(before.at),
            afterCommit: BigInt(after.at),
            stateAfter: after.status,
          });
        } catch (error) {
          await connection.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          await runner.release();
        }
      };
      const withdrawing = (async () => {
        while (!stopWithdrawals && withdrawals.length < WITHDRAWALS) {
          const due = Math.min(
            WITHDRAWALS,
            Math.ceil((WITHDRAWALS * (progress() / RECIPIENTS + 0.01)) / 0.85),
          );
          while (withdrawals.length < due)
            await withdrawOne(withdrawals.length % 2 === 0 ? 'front' : 'anywhere');
          await new Promise((r) => setTimeout(r, 20));
        }
      })().then(
        () => null,
        (error: unknown) => error,
      );

      const events: Array<{ what: string; mails: number; open: number; seconds: number }> = [];
      const note = async (what: string) =>
        events.push({
          what,
          mails: progress(),
          open: await openRows(),
          seconds: Math.round((Date.now() - started) / 100) / 10,
        });
      const reach = (share: number) =>
        waitFor(`${share * 100}% of the mails`, async () => progress() >= share * RECIPIENTS, TIMEOUT_MS);
      const mailQueue = t.app.get<Queue>(getQueueToken(QUEUES.mail));
      // A kill always leaves a worker that is up and polling the mail queue.
      const killOne = async (child: ChildProcess) => {
        await waitFor(
          'two workers polling',
          async () => (await mailQueue.getWorkersCount()) >= 2,
          TIMEOUT_MS,
        );
        child.kill('SIGKILL');
        await exited(child);
        await note('worker killed (SIGKILL)');
      };

      try {
        await reach(0.15);
        await killOne(workers[0]);
        start();

        await reach(0.4);
        const waitingBefore = await mailQueue.getWaitingCount();
        await note('Redis shut down');
        await redis.restart(REDIS_DOWN_MS);
        const waitingAfter = await mailQueue.getWaitingCount();
        await note('Redis started again');
        // The queue survived the restart (the append-only file), and it was not empty.
        expect(waitingBefore).toBeGreaterThan(0);
        expect(waitingAfter).toBeGreaterThan(0);

        await reach(0.65);
        await killOne(workers[1]);

        const failure = await withdrawing;
        if (failure) throw failure;
        await waitFor(
          'every recipient to reach a final state',
          async () => {
            const [row] = await t.db.query(
              `SELECT fanned_out_at IS NOT NULL AS done FROM campaign WHERE id = $1`,
              [campaignId],
            );
            return row.done && (await openRows()) === 0;
          },
          TIMEOUT_MS,
        );
        for (const child of workers)
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await Promise.all(workers.map(exited));
      } finally {
        stopWithdrawals = true;
        await withdrawing;
      }
      progress();

      // Each chaos event struck in the middle of the run.
      expect(events.map((e) => e.what)).toEqual([
        'worker killed (SIGKILL)',
        'Redis shut down',
        'Redis started again',
        'worker killed (SIGKILL)',
      ]);
      for (const event of events) {
        expect(event.mails).toBeLessThan(RECIPIENTS);
        expect(event.open).toBeGreaterThan(0);
      }
      expect(withdrawals).toHaveLength(WITHDRAWALS);

      // No duplicates: one mail at most per address and per Message-ID, and only to the campaign's clients.
      expect([...perAddress.entries()].filter(([, n]) => n > 1)).toEqual([]);
      expect([...perMessageId.entries()].filter(([, n]) => n > 1)).toEqual([]);
      const addresses = new Set(clients.map((c) => c.email));
      expect([...perAddress.keys()].filter((a) => !addresses.has(a))).toEqual([]);

      const rows: FinalRow[] = await t.db.query(
        `SELECT r.client_id::text, c.email, r.status, r.reason,
                (extract(epoch FROM r.sending_at) * 1000000)::bigint::text AS sending_at
           FROM campaign_recipient r JOIN client c ON c.id = r.client_id WHERE r.campaign_id = $1`,
        [campaignId],
      );
      const rowOf = new Map(rows.map((r) => [r.client_id, r]));

      // Every client is accounted for: a recipient row in a final state, or withdrawn before the
      // fan-out reached it (no row, no mail).
      const withoutRow = clients.filter((c) => !rowOf.has(c.id));
      expect(withoutRow.filter((c) => !withdrawn.has(c.id) || perAddress.has(c.email))).toEqual([]);
      expect(rows.length + withoutRow.length).toBe(RECIPIENTS);
      const sent = rows.filter((r) => r.status === 'sent');
      const skipped = rows.filter((r) => r.status === 'skipped');
      const interrupted = rows.filter((r) => r.status === 'failed' && r.reason === 'interrupted');
      expect(sent.length + skipped.length + interrupted.length).toBe(rows.length);
      // Skips are the withdrawals, and nothing else.
      expect(skipped.filter((r) => r.reason !== 'consent_withdrawn' || !withdrawn.has(r.client_id))).toEqual(
        [],
      );
      // Interrupted: at most the sends in flight at each kill, and in both workers at the Redis restart.
      expect(interrupted.length).toBeLessThanOrEqual(4 * CONCURRENCY);
      // Every sent row has exactly its one mail; no skipped row has one.
      expect(sent.filter((r) => perAddress.get(r.email) !== 1)).toEqual([]);
      expect(skipped.filter((r) => perAddress.has(r.email))).toEqual([]);
      const interruptedMailed = interrupted.filter((r) => perAddress.has(r.email)).length;
      expect(received).toBe(sent.length + interruptedMailed);

      // No mail after a withdrawal: a withdrawn client's mail may only come from a claim that began
      // before the withdrawal committed (the claim re-checks consent in the same statement).
      // A claim that began between the two clock readings around the commit cannot be placed on
      // either side, and is counted apart.
      const late: Array<Withdrawal & { status: string; sendingAt: string | null }> = [];
      let claimedDuring = 0;
      let claimedAtCommit = 0;
      for (const w of withdrawals) {
        const email = emailOf.get(w.clientId)!;
        const row = rowOf.get(w.clientId);
        if (!perAddress.has(email)) continue;
        const sendingAt = row?.sending_at ? BigInt(row.sending_at) : null;
        if (!row || sendingAt === null || sendingAt > w.afterCommit)
          late.push({ ...w, status: row?.status ?? 'none', sendingAt: row?.sending_at ?? null });
        else if (sendingAt > w.beforeCommit) claimedAtCommit += 1;
        else if (w.stateAfter === 'queued') claimedDuring += 1;
      }
      expect(late).toEqual([]);
      // The withdrawals bit: most of them caught recipients still waiting, who were then skipped.
      const skippedWithdrawn = skipped.length + withoutRow.length;
      expect(skippedWithdrawn).toBeGreaterThanOrEqual(Math.floor(WITHDRAWALS * 0.4));

      const status = await t.http.get(`/api/campaigns/${campaignId}`).set(t.as('marketing', 'marketing'));
      expect(status.body.status).toBe('done');
      expect(status.body.counts).toMatchObject({
        targeted: rows.length,
        sent: sent.length,
        skipped: skipped.length,
        failed: interrupted.length,
        interrupted: interrupted.length,
        queued: 0,
        sending: 0,
      });

      process.stdout.write(
        `chaos: ${RECIPIENTS} recipients in ${((Date.now() - started) / 1000).toFixed(1)} s; ${received} mails, ` +
          `${sent.length} sent, ${skipped.length} skipped, ${withoutRow.length} withdrawn before the fan-out, ` +
          `${interrupted.length} interrupted (${interruptedMailed} of them mailed); ${withdrawals.length} withdrawals ` +
          `(${withdrawals.filter((w) => w.stateAfter === 'queued').length} of queued rows; mailed after a claim begun before the commit ` +
          `and still running: ${claimedDuring}, begun at the commit: ${claimedAtCommit}); ` +
          `events ${JSON.stringify(events)}\n`,
      );
    },
    TIMEOUT_MS + 30_000,
  );
});
