import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@app/common/config/app-config';
import { DataSource } from 'typeorm';
import { CHAIN_COLUMNS, ChainRow, GENESIS_HASH, chainHash } from './canonical';

const SEALER_LOCK_KEY = 727_274_001;
const BATCH = 5000;

/**
 * Chains entries of the record of operations, in the order it seals them. Entries are inserted
 * unchained by concurrent requests; each round this sealer (one at a time across all processes,
 * by advisory lock) takes every committed entry not yet sealed and appends a seal row carrying
 * SHA-256(previous hash, sequence, entry). Because the chain order is the sealing order, an entry
 * whose transaction commits late is simply sealed in a later round; nothing is sealed "past" it.
 *
 * To find unsealed entries without scanning, each round remembers the xmin of its snapshot: every
 * transaction below it had finished, so its entries were visible and sealed in that round. The
 * next round only looks at entries whose transaction id is at or above that horizon.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditSealer.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private tail: Promise<number> = Promise.resolve(0);
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  /** Before, not on, application shutdown: the database connections close in the latter phase. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sealNow()
        .catch((error: unknown) => this.logger.error(`Sealing round failed: ${String(error)}`))
        .finally(() => this.schedule());
    }, this.config.AUDIT_SEAL_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * Runs a sealing round that starts after this call (after the round in progress, if any), so
   * every entry committed before the call is sealed when it resolves; resolves to the number sealed.
   */
  sealNow(): Promise<number> {
    const round = this.tail.catch(() => 0).then(() => this.round());
    this.tail = round;
    this.running = round;
    return round;
  }

  private async round(): Promise<number> {
    if (!this.dataSource.isInitialized) return 0;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let sealed = 0;
    try {
      await runner.startTransaction('REPEATABLE READ');
      const [lock] = await runner.query(
        `SELECT pg_try_advisory_xact_lock($1) AS locked, pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`,
        [SEALER_LOCK_KEY],
      );
      if (!lock.locked) {
        await runner.rollbackTransaction();
        return 0;
      }
      const [state] = await runner.query(`SELECT horizon::text AS horizon FROM audit_sealer_state WHERE id = 1`);
      const [last] = await runner.query(`SELECT s.seq::text AS last_seq, s.hash FROM audit_seal s ORDER BY s.seq DESC LIMIT 1`);
      let seq = BigInt(last?.last_seq ?? '0');
      let prev: string = last?.hash ?? GENESIS_HASH;
      let afterId = '0';
      for (;;) {
        const rows: ChainRow[] = await runner.query(
          `SELECT ${CHAIN_COLUMNS} FROM audit_entry e
            WHERE e.xid >= $1::xid8 AND e.id > $2::bigint
              AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.entry_id = e.id)
            ORDER BY e.id LIMIT ${BATCH}`,
          [state?.horizon ?? '0', afterId],
        );
        if (rows.length === 0) break;
        const seqs: string[] = [];
        const ids: string[] = [];
        const prevs: string[] = [];
        const hashes: string[] = [];
        for (const row of rows) {
          seq += 1n;
          const hash = chainHash(prev, seq.toString(), row);
          seqs.push(seq.toString());
          ids.push(row.id);
          prevs.push(prev);
          hashes.push(hash);
          prev = hash;
        }
        await runner.query(
          `INSERT INTO audit_seal (seq, entry_id, prev_hash, hash)
           SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])`,
          [seqs, ids, prevs, hashes],
        );
        sealed += rows.length;
        afterId = rows[rows.length - 1].id;
        if (rows.length < BATCH) break;
      }
      await runner.query(`UPDATE audit_sealer_state SET horizon = $1::xid8, sealed_at = now() WHERE id = 1`, [lock.xmin]);
      await runner.commitTransaction();
      return sealed;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}
