import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { AppConfig } from '@app/common/config/app-config';
import { analyze } from './support/fixtures';
import { clearRedisPrefix, waitFor } from './support/messaging';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The worker as its own process, killed with SIGKILL in the middle of a 5,000-recipient campaign
 * and started again: no recipient gets a mail twice, and every recipient ends in a final state.
 */
const RECIPIENTS = 5000;
const ROOT = join(__dirname, '..');

function spawnWorker(config: AppConfig): ChildProcess {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    TS_NODE_TRANSPILE_ONLY: 'true',
    TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
  };
  for (const [key, value] of Object.entries(config))
    if (value !== undefined && value !== null) env[key] = String(value);
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(ROOT, 'src', 'worker.ts')],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[worker] ${chunk.toString()}`));
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', () => r()));
}

describe('a worker killed mid-campaign', () => {
  let t: TestApp;
  let sink: SmtpSink;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({
      SMTP_URL: sink.url,
      MAIL_CONCURRENCY: '20',
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
    if (t) await clearRedisPrefix(t.config);
  });

  it('ends with no duplicate mail and every recipient accounted for', async () => {
    await t.db.query(
      `WITH made AS (
         INSERT INTO client (first_name, last_name, email, source)
         SELECT 'Crash', 'Test ' || g, 'crash.' || g || '@example.com', 'test' FROM generate_series(1, $1) g RETURNING id)
       INSERT INTO consent (client_id, purpose, channel, source, notice_version)
       SELECT id, 'marketing', 'email', 'test', '2026-01' FROM made`,
      [RECIPIENTS],
    );
    await analyze(t, ['client', 'consent']);
    const created = await t.http.post('/api/campaigns').set(t.as('marketing', 'marketing')).send({
      name: 'Crash',
      channel: 'email',
      subject: 'Hello {{firstName}}',
      body: '<p>Hello {{firstName}} {{lastName}}</p>',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(
      (await t.http.post(`/api/campaigns/${id}/launch`).set(t.as('marketing', 'marketing'))).status,
    ).toBe(202);

    const first = spawnWorker(t.config);
    children.push(first);
    await waitFor('a third of the mails', async () => sink.mails.length >= RECIPIENTS / 3, 60_000);
    first.kill('SIGKILL');
    await exited(first);
    const atKill = sink.mails.length;
    expect(atKill).toBeLessThan(RECIPIENTS);

    const second = spawnWorker(t.config);
    children.push(second);
    await waitFor(
      'every recipient to reach a final state',
      async () => {
        const [row] = await t.db.query(
          `SELECT count(*) FILTER (WHERE status IN ('queued','sending'))::int AS open, count(*)::int AS total
             FROM campaign_recipient WHERE campaign_id = $1`,
          [id],
        );
        return row.total === RECIPIENTS && row.open === 0;
      },
      75_000,
    );
    second.kill('SIGTERM');
    await exited(second);

    // Nobody got a mail twice.
    const perRecipient = new Map<string, number>();
    for (const mail of sink.mails)
      for (const to of mail.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect([...perRecipient.values()].filter((n) => n > 1)).toEqual([]);

    // Every recipient is accounted for: sent (with exactly its one mail), or interrupted by the kill
    // (at most the jobs in progress then; its mail may or may not have left, and is never repeated).
    const rows: Array<{ email: string; status: string; reason: string | null }> = await t.db.query(
      `SELECT c.email, r.status, r.reason FROM campaign_recipient r JOIN client c ON c.id = r.client_id WHERE r.campaign_id = $1`,
      [id],
    );
    expect(rows).toHaveLength(RECIPIENTS);
    const sent = rows.filter((r) => r.status === 'sent');
    const interrupted = rows.filter((r) => r.status === 'failed' && r.reason === 'interrupted');
    expect(sent.length + interrupted.length).toBe(RECIPIENTS);
    expect(interrupted.length).toBeLessThanOrEqual(20);
    for (const r of sent) expect(perRecipient.get(r.email)).toBe(1);
    const campaignAddresses = new Set(rows.map((r) => r.email));
    expect([...perRecipient.keys()].every((a) => campaignAddresses.has(a))).toBe(true);
    expect(sink.mails.length).toBe(sent.length + interrupted.filter((r) => perRecipient.has(r.email)).length);

    const status = await t.http.get(`/api/campaigns/${id}`).set(t.as('marketing', 'marketing'));
    expect(status.body.status).toBe('done');
    expect(status.body.counts).toMatchObject({
      targeted: RECIPIENTS,
      sent: sent.length,
      failed: interrupted.length,
      interrupted: interrupted.length,
      queued: 0,
      sending: 0,
    });
  }, 120_000);
});
