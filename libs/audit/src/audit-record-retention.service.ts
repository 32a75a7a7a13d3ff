import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/common/config/app-config';
import { AuditPartitionRepository } from './audit-partition.repository';
import { AuditRecorder } from './audit-recorder.service';
import { AuditSealer } from './audit-sealer.service';
import { AuditVerifier } from './audit-verifier.service';
import { CheckpointStore } from './checkpoint-store';

/** One process at a time drops months (the sealer's lock is 727_274_001, the migrations' 727_274_100). */
const RETENTION_LOCK_KEY = 727_274_002;
/** Months prepared ahead of the current one. */
const MONTHS_AHEAD = 3;

export interface RecordRetentionReport {
  /** Partitions made ahead of time in this run. */
  prepared: string[];
  /** Months (YYYY-MM-01) dropped, oldest first, each behind the base named with it. */
  dropped: Array<{ month: string; entries: number; baseSequence: string | null }>;
  /** Why the run stopped before an expired month, when it did. */
  stoppedAt: { month: string; reason: string } | null;
}

/** The first day (YYYY-MM-01, UTC) of the month `offset` months after the one holding `at`. */
export function monthStart(at: Date, offset = 0): string {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}

/**
 * Keeps the record of operations for its term, and no longer. Months are prepared ahead of time;
 * a month whose end lies `termMonths` or more in the past is dropped whole, oldest first, once:
 * (1) every entry of it is sealed, (2) the chain verifies up to now, and (3) a signed retention base
 * names the last seal of that month's entries, so that `verify` starts after it and the rest of the
 * chain still verifies. Entries sealed at or below that position but kept (a late commit from the
 * next month) are vouched for by the base's seal only. The drop itself goes through the migration's
 * definer function; DELETE on the record stays refused for everyone.
 */
@Injectable()
export class AuditRecordRetention {
  private readonly logger = new Logger(AuditRecordRetention.name);
  private readonly checkpoints: CheckpointStore;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
    private readonly partitions: AuditPartitionRepository,
    private readonly sealer: AuditSealer,
    private readonly verifier: AuditVerifier,
    private readonly audit: AuditRecorder,
  ) {
    this.checkpoints = new CheckpointStore(config);
  }

  /** Creates the partitions of this month and the next ones that are missing. */
  async prepareAhead(now?: Date): Promise<string[]> {
    const at = now ?? (await this.partitions.now());
    const prepared: string[] = [];
    for (let offset = 0; offset <= MONTHS_AHEAD; offset++) {
      const month = monthStart(at, offset);
      if (await this.partitions.prepare(month)) prepared.push(month);
    }
    return prepared;
  }

  /**
   * Prepares months ahead and drops those past the term. Several instances may run it at once:
   * one does the work, the others answer an empty report.
   */
  async run(termMonths: number): Promise<RecordRetentionReport> {
    const report: RecordRetentionReport = { prepared: [], dropped: [], stoppedAt: null };
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }]: Array<{ locked: boolean }> = await runner.query(
        `SELECT pg_try_advisory_lock($1) AS locked`,
        [RETENTION_LOCK_KEY],
      );
      if (!locked) return report;
      try {
        const now = await this.partitions.now();
        report.prepared = await this.prepareAhead(now);
        const expiredBefore = monthStart(now, -termMonths);
        for (const { month } of await this.partitions.months()) {
          // A month ending at or before the first day of (now - term) has been kept its whole term.
          if (monthStart(new Date(`${month}T00:00:00Z`), 1) > expiredBefore) break;
          const stop = await this.dropMonth(month, termMonths, report);
          if (stop) {
            report.stoppedAt = { month, reason: stop };
            this.logger.error(`The record keeps ${month.slice(0, 7)} past its term: ${stop}`);
            break;
          }
        }
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [RETENTION_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
    return report;
  }

  /** Drops one expired month behind a base; answers why not, or null when it was dropped. */
  private async dropMonth(
    month: string,
    termMonths: number,
    report: RecordRetentionReport,
  ): Promise<string | null> {
    await this.sealer.sealNow();
    const chain = await this.partitions.inChain(month);
    if (chain.unsealed > 0) return `${chain.unsealed} of its entries are not sealed`;
    let baseSequence: string | null = null;
    if (chain.lastSeq !== null) {
      const current = await this.checkpoints.latestBase();
      const currentSeq = current.status === 'signed' ? current.checkpoint.sequence : '0';
      if (BigInt(chain.lastSeq) > BigInt(currentSeq)) {
        // A base vouches for the chain below it from then on: only a chain that verifies gets one.
        const verified = await this.verifier.verify();
        if (!verified.valid) return `the chain does not verify (${verified.reason})`;
        const seal = await this.partitions.sealAt(chain.lastSeq);
        if (!seal) return `the seal at ${chain.lastSeq} is missing`;
        await this.checkpoints.writeBase({
          sequence: chain.lastSeq,
          entryId: seal.entry_id,
          entryCount: chain.lastSeq,
          headMac: seal.mac,
          at: (await this.partitions.now()).toISOString(),
        });
        baseSequence = chain.lastSeq;
      }
    }
    await this.dataSource.transaction(async (manager) => {
      await this.partitions.drop(manager, month, termMonths);
      await this.audit.record(
        {
          action: 'erase',
          resource: 'access_log',
          resourceId: month.slice(0, 7),
          fields: [],
          outcome: 'allowed',
          reason: 'RETENTION_ENDED',
          actor: { staffId: null, role: 'system', purpose: 'security_audit' },
        },
        manager,
      );
    });
    report.dropped.push({ month, entries: chain.entries, baseSequence });
    this.logger.log(`The record's ${month.slice(0, 7)} dropped: ${chain.entries} entries past their term`);
    return null;
  }
}
