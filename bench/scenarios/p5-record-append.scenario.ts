import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditRecorder, AuditSealer } from '@app/audit';
import { loadAppConfig } from '@app/common/config/app-config';
import { RequestContext } from '@app/common/context/request-context';
import { Measurement, Scenario, alternate, summarise } from '../scenario';
import { createBenchDatabase } from '../support/bench-db';

const CONCURRENCY = 64;

/**
 * P5: entries appended through the record of operations (group commit, then chained by the
 * sealer; a round ends only when everything it wrote is sealed) by 64 concurrent requests,
 * against plain single-row INSERTs of the same rows into a table of the same shape without the
 * append-only machinery, also from 64 concurrent requests.
 */
export const p5RecordAppend: Scenario = {
  id: 'P5',
  title: 'chained record appends under 64 concurrent requests vs plain inserts',
  async run({ quick, serverUrl, log }) {
    const db = await createBenchDatabase(serverUrl, 'p5');
    const ds = new DataSource({ type: 'postgres', url: db.url, extra: { max: CONCURRENCY } });
    await ds.initialize();
    // The sealer logs in as consentry_sealer on the benchmark's database; its checkpoints go to a directory of the run's own.
    const checkpointDir = mkdtempSync(join(tmpdir(), 'consentry-bench-checkpoints-'));
    const sealer = new AuditSealer(
      loadAppConfig({ DATABASE_URL: db.url, AUDIT_CHECKPOINT_DIR: checkpointDir }),
    );
    try {
      await ds.query(`CREATE TABLE plain_entry (LIKE audit_entry INCLUDING DEFAULTS INCLUDING INDEXES)`);
      const recorder = new AuditRecorder(ds);
      const clientId = '00000000-0000-4000-8000-000000000001';
      const durationMs = quick ? 1500 : 4000;
      const rounds = quick ? 3 : 6;
      const row = [
        '00000000-0000-4000-8000-0000000000aa',
        'broker',
        'offer_preparation',
        'read',
        'client',
        clientId,
        `{${clientId}}`,
        '{email,firstName,lastName}',
        'allowed',
        null,
        'req',
        '127.0.0.1',
        null,
      ];
      const loop = async (op: () => Promise<unknown>): Promise<Measurement & { done: number }> => {
        const latencies: number[] = [];
        let done = 0;
        const deadline = Date.now() + durationMs;
        const t0 = process.hrtime.bigint();
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async (_, w) =>
            RequestContext.run(
              {
                requestId: `bench-${w}`,
                ip: '127.0.0.1',
                actor: { staffId: row[0], role: 'broker', userName: null, purpose: 'offer_preparation' },
                operation: null,
                recorded: false,
                errorCode: null,
              },
              async () => {
                while (Date.now() < deadline) {
                  const s = process.hrtime.bigint();
                  await op();
                  latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
                  done += 1;
                }
              },
            ),
          ),
        );
        return {
          opsPerSecond: done / (Number(process.hrtime.bigint() - t0) / 1e9),
          latenciesMs: latencies,
          done,
        };
      };
      const baseline = () =>
        loop(() =>
          ds.query(
            `INSERT INTO plain_entry (actor_id, actor_role, purpose, action, resource, resource_id, client_ids, fields, outcome, reason, request_id, ip, controller_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
            row,
          ),
        );
      const subject = async (): Promise<Measurement> => {
        const t0 = process.hrtime.bigint();
        const measured = await loop(() =>
          recorder.record({
            action: 'read',
            resource: 'client',
            resourceId: clientId,
            clientIds: [clientId],
            fields: ['email', 'firstName', 'lastName'],
            outcome: 'allowed',
          }),
        );
        // Count the time until every appended entry is chained.
        while ((await sealer.sealNow()) > 0) {
          /* keep sealing */
        }
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        return { opsPerSecond: measured.done / seconds, latenciesMs: measured.latenciesMs };
      };
      log('warming up');
      await baseline();
      await subject();
      const measured = await alternate(rounds, baseline, subject);
      const [{ sealed, total }] = await ds.query(
        `SELECT (SELECT count(*) FROM audit_seal)::int AS sealed, (SELECT count(*) FROM audit_entry)::int AS total`,
      );
      return summarise(
        'P5',
        p5RecordAppend.title,
        'entries/s',
        { baseline: 'plain single-row INSERT', subject: 'AuditRecorder.record + sealing' },
        measured,
        { ratioAtLeast: 0.5, description: 'subject/baseline throughput >= 0.50' },
        { concurrency: CONCURRENCY, entriesAppended: total, entriesSealed: sealed },
      );
    } finally {
      await sealer.beforeApplicationShutdown();
      await ds.destroy();
      await db.drop();
      rmSync(checkpointDir, { recursive: true, force: true });
    }
  },
};
