import { AddressInfo } from 'node:net';
import { INestApplicationContext } from '@nestjs/common';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { AuditSealer } from '@app/audit';
import { mailOptions, senderAddress, smtpTransportOptions } from '../../src/jobs';
import {
  CAMPAIGN_FOOTER,
  CampaignSender,
  ControllerFooter,
  htmlToText,
  renderHtml,
  renderSubject,
  renderText,
  unsubscribeFooter,
} from '../../src/mailings';
import { Measurement, Scenario, alternate, summarise } from '../scenario';
import { createBenchDatabase } from '../support/bench-db';
import { cpuLine, cpuPerOperation, cpuSnapshot } from '../support/process-cpu';
import { startWorkerContext } from '../support/worker-context';

const FULL = 12_000;
const QUICK = 2_000;
const WARM_UP = 3_000;
const POOL = 5;
const SUBJECT = 'New offers for {{firstName}}';
const BODY = `<p>Dear {{firstName}} {{lastName}},</p><p>${'Our new motor and home insurance offers are ready for you. '.repeat(6)}</p>`;

async function inPool<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const item = items[next++];
        const t0 = process.hrtime.bigint();
        await fn(item);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  return latencies;
}

/** The server's WAL flushes so far and their time in ms (0 unless track_wal_io_timing is on). */
async function walSyncs(db: DataSource): Promise<{ syncs: number; ms: number }> {
  const [row] = await db.query(`SELECT wal_sync::float8 AS syncs, wal_sync_time AS ms FROM pg_stat_wal`);
  return { syncs: Number(row.syncs), ms: Number(row.ms) };
}

/**
 * The commits' flushes to disk during a round: the send path commits its claims, its "sent" marks
 * and the sealer's rounds, and waits for each flush; the plain loop commits nothing. On a virtual
 * disk their time varies with the host's load, and so does this scenario's ratio.
 */
function walLine(
  before: { syncs: number; ms: number },
  after: { syncs: number; ms: number },
  mails: number,
): string {
  const syncs = after.syncs - before.syncs;
  const each =
    syncs > 0 && after.ms > before.ms ? `, ${((after.ms - before.ms) / syncs).toFixed(2)} ms each` : '';
  return `WAL flushes: ${((syncs * 100) / mails).toFixed(1)} per 100 mails${each}`;
}

/**
 * P4: the send path of a campaign — the send job's handler: claim the recipient row while
 * re-checking consent, restriction, objection and erasure in PostgreSQL, render, send over the
 * pooled SMTP transport, mark sent and record the operation — against a plain nodemailer loop
 * sending messages of the same size over the same kind of pooled transport, to the same local
 * smtp-server sink, with the same number of sends in flight.
 */
export const p4SendPath: Scenario = {
  id: 'P4',
  title: 'campaign send path (consent re-check, status, record) vs a plain pooled nodemailer loop',
  async run({ quick, serverUrl, redisUrl, log }) {
    const n = quick ? QUICK : FULL;
    // Five rounds a side: its rounds last seconds, and the host's noise moves single rounds by 15%.
    const rounds = quick ? 2 : 5;
    let received = 0;
    // Bytes the sink took: both sides must send messages of the same size for the ratio to mean anything.
    let receivedBytes = 0;
    const sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        stream.on('data', (chunk: Buffer) => {
          receivedBytes += chunk.length;
        });
        stream.on('end', () => {
          received += 1;
          callback();
        });
      },
    });
    sink.on('error', () => undefined);
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', () => resolve()));
    const smtpUrl = `smtp://127.0.0.1:${(sink.server.address() as AddressInfo).port}`;
    const db = await createBenchDatabase(serverUrl, 'p4');
    const owner = new DataSource({ type: 'postgres', url: db.url });
    await owner.initialize();
    let app: INestApplicationContext | null = null;
    const plain = nodemailer.createTransport(smtpTransportOptions(smtpUrl, POOL));
    try {
      await owner.query(
        `WITH made AS (
           INSERT INTO client (first_name, last_name, email, source)
           SELECT 'Anna', 'Nowak ' || g, 'send.' || g || '@example.com', 'bench' FROM generate_series(1, $1) g RETURNING id)
         INSERT INTO consent (client_id, purpose, channel, source, notice_version)
         SELECT id, 'marketing', 'email', 'bench', '2026-01' FROM made`,
        [n],
      );
      await owner.query('VACUUM ANALYZE client');
      await owner.query('VACUUM ANALYZE consent');
      const clients: Array<{ id: string; email: string }> = await owner.query(
        `SELECT id::text, email FROM client ORDER BY id`,
      );
      const started = await startWorkerContext({
        databaseUrl: db.url,
        redisUrl,
        redisPrefix: `consentry-bench-p4-${process.pid}`,
        env: { SMTP_URL: smtpUrl, MAIL_POOL_SIZE: String(POOL) },
      });
      app = started.app;
      const config = started.config;
      // As many sends in flight as one worker runs (MAIL_CONCURRENCY, by default), on both sides.
      const IN_FLIGHT = config.MAIL_CONCURRENCY;
      const delivery = app.get(CampaignSender);
      const sealer = app.get(AuditSealer);

      const subject = async (batch = clients): Promise<Measurement> => {
        await owner.query(`TRUNCATE campaign_recipient, campaign`);
        const [campaign] = await owner.query(
          `INSERT INTO campaign (name, channel, subject, body, status, launched_at, fanned_out_at)
           VALUES ('bench', 'email', $2, $1, 'running', now(), now()) RETURNING id`,
          [BODY, SUBJECT],
        );
        await owner.query(
          `INSERT INTO campaign_recipient (campaign_id, client_id) SELECT $1, unnest($2::uuid[])`,
          [campaign.id, batch.map((c) => c.id)],
        );
        await owner.query('ANALYZE campaign_recipient');
        const before = received;
        const bytesBefore = receivedBytes;
        const wal0 = await walSyncs(owner);
        const cpu0 = cpuSnapshot(undefined);
        const t0 = process.hrtime.bigint();
        const latenciesMs = await inPool(batch, IN_FLIGHT, async (c) => {
          const outcome = await delivery.send(campaign.id, c.id, { made: 0, max: 1 });
          if (outcome !== 'sent') throw new Error(`send ended ${outcome}`);
        });
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const cpu = cpuPerOperation(cpu0, cpuSnapshot(undefined), batch.length);
        const wal = walLine(wal0, await walSyncs(owner), batch.length);
        if (received - before !== batch.length)
          throw new Error(`the sink received ${received - before} of ${batch.length}`);
        // The sealer chains this round's entries in the background; finish that untimed so that
        // the next baseline round does not pay for it.
        await sealer.sealNow();
        const size = Math.round((receivedBytes - bytesBefore) / batch.length);
        log(
          `send path: ${batch.length} mails of ${size} B in ${seconds.toFixed(2)} s (${cpuLine(cpu, 'mail')}; ${wal})`,
        );
        return { opsPerSecond: batch.length / seconds, latenciesMs };
      };
      const baseline = async (batch = clients): Promise<Measurement> => {
        const before = received;
        // The very message the send path builds (same template, footer, headers, a token-sized
        // link), built once: the plain loop only sends.
        const link = `${config.PUBLIC_BASE_URL}/api/unsubscribe?token=${'A'.repeat(68)}`;
        const footer = unsubscribeFooter(link, CAMPAIGN_FOOTER);
        const values = { firstName: 'Anna', lastName: 'Nowak 1' };
        // The controller's footer too (art. 13 RODO): its Polish letters make both parts
        // quoted-printable, which costs nodemailer more than the plain ASCII body alone.
        const message = app!.get(ControllerFooter).append(
          {
            subject: renderSubject(SUBJECT, values),
            html: `${renderHtml(BODY, values)}${footer.html}`,
            text: `${renderText(htmlToText(BODY), values)}${footer.text}`,
            headers: {
              'List-Unsubscribe': `<${link}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            },
          },
          ['pl'],
        );
        // Handed to nodemailer as MailerService hands it (the sender parsed once, the encoding
        // named), so that the ratio measures the send path's own work, not how nodemailer is called.
        const sender = senderAddress(config.MAIL_FROM);
        const bytesBefore = receivedBytes;
        const cpu0 = cpuSnapshot(undefined);
        const t0 = process.hrtime.bigint();
        const latenciesMs = await inPool(batch, IN_FLIGHT, async (c) => {
          await plain.sendMail(
            mailOptions(sender, { ...message, to: c.email, messageId: `<plain.${c.id}@consentry.local>` }),
          );
        });
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const cpu = cpuPerOperation(cpu0, cpuSnapshot(undefined), batch.length);
        if (received - before !== batch.length)
          throw new Error(`the sink received ${received - before} of ${batch.length}`);
        const size = Math.round((receivedBytes - bytesBefore) / batch.length);
        log(
          `plain nodemailer: ${batch.length} mails of ${size} B in ${seconds.toFixed(2)} s (${cpuLine(cpu, 'mail')})`,
        );
        return { opsPerSecond: batch.length / seconds, latenciesMs };
      };

      // One unmeasured round of each first: the first thousands of sends run before the JIT has
      // compiled either path and would otherwise weigh on whichever side runs first.
      const warmUp = clients.slice(0, Math.min(n, WARM_UP));
      await baseline(warmUp);
      await subject(warmUp);
      const measured = await alternate(rounds, baseline, subject);
      return summarise(
        'P4',
        'campaign send path (consent re-check, status, record) vs a plain pooled nodemailer loop',
        'mails/s',
        {
          baseline: `plain pooled nodemailer, ${IN_FLIGHT} in flight`,
          subject: `send job handler, ${IN_FLIGHT} in flight`,
        },
        measured,
        { ratioAtLeast: 0.8, description: 'send path at least 0.80x the plain nodemailer rate' },
        { mails: n, rounds, poolConnections: POOL },
      );
    } finally {
      plain.close();
      await app?.close();
      await owner.destroy();
      await db.drop();
      await new Promise<void>((resolve) => sink.close(() => resolve()));
    }
  },
};
