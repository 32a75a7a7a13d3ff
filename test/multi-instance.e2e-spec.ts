import { ChildProcess } from 'node:child_process';
import { analyze } from './support/fixtures';
import { clearRedisPrefix, waitFor } from './support/messaging';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { exited, spawnWorker, startApiProcess } from './support/worker-process';

/**
 * The module as several instances on one PostgreSQL and one Redis: two API processes and two
 * worker processes (besides the test's own in-process instance, which only sets up), each a
 * process of its own. One worker is killed with SIGKILL in the middle of a campaign; no recipient
 * gets a mail twice and every recipient ends in a final state. Sign-in failures spend one budget
 * across the instances. The record's chain, sealed by whichever instance holds the sealer's lock,
 * verifies from another instance, with every entry sealed once in one unbroken sequence.
 *
 * MULTI_INSTANCE_RECIPIENTS sets the campaign's size (20,000 by default).
 */
const RECIPIENTS = Number(process.env.MULTI_INSTANCE_RECIPIENTS ?? 20_000);
const LOGIN_LIMIT = 5;
// Generous: the suite runs this beside other files on two cores.
const TIMEOUT_MS = 120_000 + RECIPIENTS * 8;

describe(`several instances: 2 APIs and 2 workers, a ${RECIPIENTS.toLocaleString('en')}-recipient campaign, one worker killed`, () => {
  let t: TestApp;
  let sink: SmtpSink;
  const children: ChildProcess[] = [];
  const apis: string[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({
      SMTP_URL: sink.url,
      MAIL_CONCURRENCY: '20',
      MAIL_RATE_PER_MINUTE: '6000000',
      JOB_LOCK_DURATION_MS: '3000',
      JOB_STALLED_INTERVAL_MS: '1500',
      MAIL_RETRY_DELAY_MS: '200',
      LOGIN_THROTTLE_LIMIT: String(LOGIN_LIMIT),
      LOGIN_THROTTLE_TTL_MS: '600000',
    });
    const started = await Promise.all([startApiProcess(t.config), startApiProcess(t.config)]);
    for (const { child, url } of started) {
      children.push(child);
      apis.push(url);
    }
  }, 150_000);
  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await t?.close();
    await sink?.close();
    if (t) await clearRedisPrefix(t.config);
  });

  async function call(
    api: string,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ) {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json().catch(() => null)) as Record<string, unknown> | null,
    };
  }

  it('shares one sign-in budget across the API instances', async () => {
    const email = t.staff.broker.email;
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_LIMIT + 1; i++) {
      const api = apis[i % 2];
      statuses.push(
        (await call(api, 'POST', '/api/auth/login', {}, { email, password: 'wrong-password' })).status,
      );
    }
    // Spread over two processes, the failures still count against one budget: the last is refused.
    expect(statuses.slice(0, LOGIN_LIMIT)).toEqual(Array(LOGIN_LIMIT).fill(401));
    expect(statuses[LOGIN_LIMIT]).toBe(429);
  });

  it(
    'sends each mail at most once and accounts for every recipient when a worker is killed',
    async () => {
      await t.db.query(
        `WITH made AS (
           INSERT INTO client (first_name, last_name, email, source)
           SELECT 'Multi', 'Instance ' || g, 'multi.' || g || '@example.com', 'test' FROM generate_series(1, $1) g RETURNING id)
         INSERT INTO consent (client_id, purpose, channel, source, notice_version)
         SELECT id, 'marketing', 'email', 'test', '2026-01' FROM made`,
        [RECIPIENTS],
      );
      await analyze(t, ['client', 'consent']);
      const workers = [spawnWorker(t.config), spawnWorker(t.config)];
      children.push(...workers);

      // The campaign is made on one API instance and launched on the other.
      const marketing = t.as('marketing', 'marketing');
      const created = await call(apis[0], 'POST', '/api/campaigns', marketing, {
        name: 'Several instances',
        channel: 'email',
        subject: 'Dzień dobry {{firstName}}',
        body: '<p>Dzień dobry {{firstName}} {{lastName}}</p>',
      });
      expect(created.status).toBe(201);
      const id = created.body?.id as string;
      expect((await call(apis[1], 'POST', `/api/campaigns/${id}/launch`, marketing)).status).toBe(202);

      // Counted and dropped as they arrive, so the sink holds no 20,000 messages.
      const perRecipient = new Map<string, number>();
      let received = 0;
      const drain = () => {
        for (const mail of sink.mails.splice(0)) {
          received += 1;
          for (const to of mail.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
        }
        return received;
      };
      await waitFor('a third of the mails', async () => drain() >= RECIPIENTS / 3, TIMEOUT_MS / 2);
      workers[0].kill('SIGKILL');
      await exited(workers[0]);
      expect(drain()).toBeLessThan(RECIPIENTS);

      // The other worker takes over the killed one's jobs once their locks expire.
      await waitFor(
        'every recipient to reach a final state',
        async () => {
          drain();
          const [row] = await t.db.query(
            `SELECT count(*) FILTER (WHERE status IN ('queued','sending'))::int AS open, count(*)::int AS total
               FROM campaign_recipient WHERE campaign_id = $1`,
            [id],
          );
          return row.total === RECIPIENTS && row.open === 0;
        },
        TIMEOUT_MS,
      );
      drain();

      expect([...perRecipient.values()].filter((n) => n > 1)).toEqual([]);
      const rows: Array<{ email: string; status: string; reason: string | null }> = await t.db.query(
        `SELECT c.email, r.status, r.reason FROM campaign_recipient r JOIN client c ON c.id = r.client_id WHERE r.campaign_id = $1`,
        [id],
      );
      expect(rows).toHaveLength(RECIPIENTS);
      const sent = rows.filter((r) => r.status === 'sent');
      const interrupted = rows.filter((r) => r.status === 'failed' && r.reason === 'interrupted');
      // Sent with exactly its one mail, or interrupted by the kill (at most the jobs then in progress).
      expect(sent.length + interrupted.length).toBe(RECIPIENTS);
      expect(interrupted.length).toBeLessThanOrEqual(20);
      for (const r of sent) expect(perRecipient.get(r.email)).toBe(1);
      const campaignAddresses = new Set(rows.map((r) => r.email));
      expect([...perRecipient.keys()].every((a) => campaignAddresses.has(a))).toBe(true);
      expect(received).toBe(sent.length + interrupted.filter((r) => perRecipient.has(r.email)).length);

      const status = await call(apis[0], 'GET', `/api/campaigns/${id}`, marketing);
      expect(status.body).toMatchObject({
        status: 'done',
        counts: expect.objectContaining({ targeted: RECIPIENTS, sent: sent.length, queued: 0, sending: 0 }),
      });
    },
    TIMEOUT_MS + 60_000,
  );

  it('seals every entry once in one unbroken chain, which verifies from another instance', async () => {
    // Every instance runs a sealer; the advisory lock lets one seal at a time.
    await t.sealNow();
    const [counts] = await t.db.query(
      `SELECT (SELECT count(*) FROM audit_entry)::int AS entries, (SELECT count(*) FROM audit_seal)::int AS seals,
              (SELECT count(DISTINCT entry_id) FROM audit_seal)::int AS sealed_entries,
              (SELECT max(seq) FROM audit_seal)::int AS last_seq, (SELECT min(seq) FROM audit_seal)::int AS first_seq`,
    );
    expect(counts.seals).toBeGreaterThan(0);
    expect(counts.sealed_entries).toBe(counts.seals);
    expect(counts.last_seq - counts.first_seq + 1).toBe(counts.seals);
    expect(counts.entries - counts.seals).toBeLessThanOrEqual(5);
    const verified = await call(apis[1], 'GET', '/api/access-logs/verify', t.as('manager', 'security_audit'));
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ valid: true, reason: null });
  });
});
