import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditRecorder, AuditSealer, AuditVerifier } from '@app/audit';
import { loadAppConfig } from '@app/common/config/app-config';
import { Measurement, Scenario, alternate, summarise } from '../scenario';
import { createBenchDatabase } from '../support/bench-db';
import { CpuSnapshot, cpuLine, cpuPerOperation, cpuSnapshot } from '../support/process-cpu';

/**
 * P6: how fast `verify` walks the chain, against how fast the record grows (appends through the
 * recorder, sealed, at 64 concurrent requests). Verification must outpace appends by 5x so that a
 * nightly check of a busy day's record finishes in a small part of a day.
 */
export const p6VerifyRate: Scenario = {
  id: 'P6',
  title: 'chain verification rate vs append rate',
  async run({ quick, serverUrl, log }) {
    const db = await createBenchDatabase(serverUrl, 'p6');
    const ds = new DataSource({ type: 'postgres', url: db.url, extra: { max: 64 } });
    await ds.initialize();
    // The sealer logs in as consentry_sealer on the benchmark's database; its checkpoints go to a directory of the run's own.
    const checkpointDir = mkdtempSync(join(tmpdir(), 'consentry-bench-checkpoints-'));
    const config = loadAppConfig({ DATABASE_URL: db.url, AUDIT_CHECKPOINT_DIR: checkpointDir });
    const sealer = new AuditSealer(config);
    try {
      const recorder = new AuditRecorder(ds);
      const verifier = new AuditVerifier(ds, config);
      const entries = quick ? 50_000 : 200_000;
      log(`appending ${entries} entries`);
      // Each round logs its CPU per entry: the walk's rate moves with the host and with the
      // collector's work, and its CPU says which of the two moved.
      const measuredRound = (side: string, done: number, t0: bigint, cpu0: CpuSnapshot): Measurement => {
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const cpu = cpuPerOperation(cpu0, cpuSnapshot(undefined), done);
        log(`${side}: ${done} entries in ${seconds.toFixed(2)} s (${cpuLine(cpu, 'entry')})`);
        return { opsPerSecond: done / seconds };
      };
      const append = async (): Promise<Measurement> => {
        const cpu0 = cpuSnapshot(undefined);
        const t0 = process.hrtime.bigint();
        const per = Math.ceil(entries / 64);
        await Promise.all(
          Array.from({ length: 64 }, async () => {
            for (let i = 0; i < per; i++) {
              await recorder.record({
                action: 'read',
                resource: 'client',
                clientIds: ['00000000-0000-4000-8000-000000000001'],
                fields: ['email'],
                outcome: 'allowed',
              });
            }
          }),
        );
        while ((await sealer.sealNow()) > 0) {
          /* seal everything appended */
        }
        return measuredRound('append', per * 64, t0, cpu0);
      };
      const verify = async (): Promise<Measurement> => {
        const cpu0 = cpuSnapshot(undefined);
        const t0 = process.hrtime.bigint();
        const result = await verifier.verify();
        if (!result.valid) throw new Error(`chain invalid at ${result.firstInvalidId}`);
        return measuredRound('verify', result.checked, t0, cpu0);
      };
      await append();
      const measured = await alternate(quick ? 2 : 4, append, verify);
      const [{ total }] = await ds.query(`SELECT count(*)::int AS total FROM audit_seal`);
      return summarise(
        'P6',
        p6VerifyRate.title,
        'entries/s',
        { baseline: 'append rate (recorder + sealer, 64 concurrent)', subject: 'verification rate' },
        measured,
        { ratioAtLeast: 5, description: 'verification >= 5x the append rate' },
        { entriesInChainAtEnd: total },
      );
    } finally {
      await sealer.beforeApplicationShutdown();
      await ds.destroy();
      await db.drop();
      rmSync(checkpointDir, { recursive: true, force: true });
    }
  },
};
