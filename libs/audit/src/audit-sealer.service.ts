import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { AppConfig } from '@app/common/config/app-config';
import { GENESIS_MAC, chainMac } from './canonical';
import { AuditSealRepository } from './audit-seal.repository';
import { Checkpoint } from './checkpoint';
import { CheckpointStore } from './checkpoint-store';

const SEALER_LOCK_KEY = 727_274_001;
const BATCH = 5000;

/**
 * Chains entries of the record of operations, in the order it seals them. Entries are inserted
 * unchained by concurrent requests; each round this sealer (one at a time across all processes,
 * by advisory lock) takes every committed entry not yet sealed and appends a seal row carrying
 * HMAC-SHA-256 under the chain key of (previous seal, sequence, entry). Because the chain order is
 * the sealing order, an entry whose transaction commits late is simply sealed in a later round;
 * nothing is sealed "past" it.
 *
 * To find unsealed entries without scanning, each round remembers the xmin of its snapshot: every
 * transaction below it had finished, so its entries were visible and sealed in that round. The
 * next round only looks at entries whose transaction id is at or above that horizon.
 *
 * It works through a connection pool of its own, as consentry_sealer, the only role that may
 * insert seals. Every AUDIT_CHECKPOINT_INTERVAL_MS (between all instances) it writes a signed
 * checkpoint of the chain's head outside the database, after the round commits. It never extends
 * a chain that disagrees with the newest checkpoint it knows: a chain cut short or rewritten below
 * a checkpoint is left as found, for verify to report, and entries wait unsealed (an alarm).
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditSealer.name);
  private readonly checkpoints: CheckpointStore;
  private readonly seals = new AuditSealRepository();
  private pool: Pool | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private tail: Promise<number> = Promise.resolve(0);
  private stopped = false;
  /** The newest checkpoint this process knows of, read from the store when a checkpoint is due. */
  private anchor: Checkpoint | null = null;
  private anchorLoaded = false;
  private lastRefusal: string | null = null;

  constructor(private readonly config: AppConfig) {
    this.checkpoints = new CheckpointStore(config);
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  /** Before, not on, application shutdown: the database connections close in the latter phase. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    const pool = this.pool;
    this.pool = null;
    await pool?.end();
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
   * With `checkpoint`, the round also writes a checkpoint of the head, due or not.
   */
  sealNow(options: { checkpoint?: boolean } = {}): Promise<number> {
    const round = this.tail.catch(() => 0).then(() => this.round(options.checkpoint === true));
    this.tail = round;
    this.running = round;
    return round;
  }

  private connection(): Pool {
    if (!this.pool) {
      this.pool = new Pool({
        connectionString: this.config.sealerDatabaseUrl,
        max: 1,
        application_name: 'consentry-sealer',
      });
      // A broken idle connection is replaced on the next round; the round itself reports failures.
      this.pool.on('error', () => undefined);
    }
    return this.pool;
  }

  private async round(forceCheckpoint: boolean): Promise<number> {
    if (this.stopped) return 0;
    const client = await this.connection().connect();
    let sealed = 0;
    let checkpoint: Checkpoint | null = null;
    let inTransaction = false;
    let locked = false;
    let broken: Error | undefined;
    try {
      // The lock is taken before the transaction's snapshot: a transaction-level lock taken in the
      // snapshot's own statement could be granted just after another sealer committed, with a
      // snapshot from before that commit (its seals unseen, their sequence numbers taken again).
      const {
        rows: [attempt],
      } = await client.query(`SELECT pg_try_advisory_lock($1) AS locked`, [SEALER_LOCK_KEY]);
      locked = attempt.locked === true;
      if (!locked) return 0;
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      inTransaction = true;
      const {
        rows: [lock],
      } = await client.query(
        `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin,
                to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now`,
      );
      const state = await this.seals.sealerState(client, this.config.AUDIT_CHECKPOINT_INTERVAL_MS);
      const due = forceCheckpoint || state.due === true;
      if (due || !this.anchorLoaded) await this.loadAnchor();
      const refusal = this.anchor ? await this.disagreement(client, this.anchor) : null;
      if (refusal) {
        await client.query('ROLLBACK');
        inTransaction = false;
        if (refusal !== this.lastRefusal) this.logger.error(`Not sealing: ${refusal}`);
        this.lastRefusal = refusal;
        return 0;
      }
      this.lastRefusal = null;

      const last = await this.seals.lastSeal(client);
      let seq = BigInt(last?.last_seq ?? '0');
      let prev: string = last?.mac ?? GENESIS_MAC;
      let head: string | null = last?.entry_id ?? null;
      let afterId = '0';
      for (;;) {
        const rows = await this.seals.unsealedBatch(client, state?.horizon ?? '0', afterId, BATCH);
        if (rows.length === 0) break;
        const seqs: string[] = [];
        const ids: string[] = [];
        const prevs: string[] = [];
        const macs: string[] = [];
        for (const row of rows) {
          seq += 1n;
          const mac = chainMac(this.config.AUDIT_CHAIN_KEY, prev, seq.toString(), row);
          seqs.push(seq.toString());
          ids.push(row.id);
          prevs.push(prev);
          macs.push(mac);
          prev = mac;
        }
        await this.seals.insertSeals(client, { seqs, ids, prevs, macs });
        sealed += rows.length;
        afterId = rows[rows.length - 1].id;
        head = afterId;
        if (rows.length < BATCH) break;
      }
      await this.seals.advanceHorizon(client, lock.xmin);
      const grown = state.checkpoint_seq === null || seq > BigInt(state.checkpoint_seq);
      if (due && head !== null && (grown || forceCheckpoint)) {
        // The chain is dense from position 1, so the head's position is also the number of entries.
        checkpoint = {
          sequence: seq.toString(),
          entryId: head,
          entryCount: seq.toString(),
          headMac: prev,
          at: lock.now,
        };
        await this.seals.checkpointTaken(client, checkpoint.sequence);
      } else if (due) {
        // Nothing new to vouch for: the next look at the store is an interval away, not a round.
        await this.seals.checkpointSkipped(client);
      }
      await client.query('COMMIT');
      inTransaction = false;
    } catch (error) {
      if (inTransaction) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      if (locked) {
        // A connection that cannot give the lock back is closed, which gives it back.
        await client.query(`SELECT pg_advisory_unlock($1)`, [SEALER_LOCK_KEY]).catch((error: Error) => {
          broken = error;
        });
      }
      client.release(broken);
    }
    // Only after the commit: a checkpoint must never name seals that might still roll back.
    if (checkpoint) {
      try {
        await this.checkpoints.write(checkpoint);
        this.anchor = checkpoint;
      } catch (error) {
        // The seals are committed whatever happens here; a checkpoint asked for explicitly reports its failure.
        if (forceCheckpoint) throw error;
        this.logger.error(
          `Checkpoint ${checkpoint.sequence} not written: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
    }
    return sealed;
  }

  /** Takes the newest checkpoint from the store; a refused one is reported and otherwise ignored. */
  private async loadAnchor(): Promise<void> {
    const latest = await this.checkpoints.latest();
    this.anchorLoaded = true;
    if (latest.status === 'signed') {
      if (!this.anchor || BigInt(latest.checkpoint.sequence) >= BigInt(this.anchor.sequence))
        this.anchor = latest.checkpoint;
    } else if (latest.status === 'refused') {
      this.logger.error(
        `Checkpoint ${latest.sequence} refused: its signature does not hold (${latest.file})`,
      );
    }
  }

  /** Why the stored chain does not extend the checkpoint, or null when it does. */
  private async disagreement(client: PoolClient, anchor: Checkpoint): Promise<string | null> {
    const seal = await this.seals.sealAt(client, anchor.sequence);
    if (!seal) return `the chain is shorter than checkpoint ${anchor.sequence} (taken ${anchor.at})`;
    if (seal.mac !== anchor.headMac || seal.entry_id !== anchor.entryId) {
      return `the chain differs from checkpoint ${anchor.sequence} (taken ${anchor.at}) at that position`;
    }
    return null;
  }
}
