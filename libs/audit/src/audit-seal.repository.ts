import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { textArrayLiteral } from '@app/common/database/sql';
import { CHAIN_COLUMNS, CHAIN_TYPES, ChainRow } from './canonical';

/** The sealer's bookkeeping: the horizon of its last round and when it last took a checkpoint. */
export interface SealerState {
  horizon: string | null;
  checkpoint_seq: string | null;
  /** A checkpoint is due (none taken yet, or the interval has passed). */
  due: boolean;
}

/** The newest seal of the chain. */
export interface LastSeal {
  last_seq: string;
  entry_id: string;
  mac: string;
}

/**
 * The seals of the record's chain and the sealer's state, as the sealer writes them. Every method
 * runs on the sealer's own connection (consentry_sealer, the only role that may insert seals),
 * inside the round's transaction: the caller passes that connection.
 */
@Injectable()
export class AuditSealRepository {
  async sealerState(client: PoolClient, checkpointIntervalMs: number): Promise<SealerState> {
    const {
      rows: [state],
    } = await client.query<SealerState>(
      `SELECT horizon::text AS horizon, checkpoint_seq::text AS checkpoint_seq,
                (checkpoint_at IS NULL OR now() - checkpoint_at >= $1 * interval '1 millisecond') AS due
           FROM audit_sealer_state WHERE id = 1`,
      [checkpointIntervalMs],
    );
    return state;
  }

  /** The seal at a chain position, if the chain reaches it. */
  async sealAt(client: PoolClient, seq: string): Promise<{ entry_id: string; mac: string } | undefined> {
    const {
      rows: [seal],
    } = await client.query<{ entry_id: string; mac: string }>(
      `SELECT entry_id::text AS entry_id, mac FROM audit_seal WHERE seq = $1::bigint`,
      [seq],
    );
    return seal;
  }

  async lastSeal(client: PoolClient): Promise<LastSeal | undefined> {
    const {
      rows: [last],
    } = await client.query<LastSeal>(
      `SELECT s.seq::text AS last_seq, s.entry_id::text AS entry_id, s.mac FROM audit_seal s ORDER BY s.seq DESC LIMIT 1`,
    );
    return last;
  }

  /**
   * Unsealed entries from transactions at or above `horizon`, after `afterId`, in id order: the
   * horizon spares a scan of everything sealed in earlier rounds. The seal is looked up entry by
   * entry through its unique index (OFFSET 0 keeps the NOT EXISTS a per-row probe): as an anti-join
   * the planner, with statistics behind a busy record, hashed the whole seal table every round.
   */
  async unsealedBatch(
    client: PoolClient,
    horizon: string,
    afterId: string,
    limit: number,
  ): Promise<ChainRow[]> {
    const { rows } = await client.query<ChainRow>({
      text: `SELECT ${CHAIN_COLUMNS} FROM audit_entry e
            WHERE e.xid >= $1::xid8 AND e.id > $2::bigint
              AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.entry_id = e.id OFFSET 0)
            ORDER BY e.id LIMIT ${limit}`,
      values: [horizon, afterId],
      types: CHAIN_TYPES,
    });
    return rows;
  }

  async insertSeals(
    client: PoolClient,
    seals: { seqs: string[]; ids: string[]; prevs: string[]; macs: string[] },
  ): Promise<void> {
    // As literals built in one pass: a round seals every entry of the moment, four elements each.
    await client.query(
      `INSERT INTO audit_seal (seq, entry_id, prev_mac, mac)
           SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])`,
      [seals.seqs, seals.ids, seals.prevs, seals.macs].map((column) => textArrayLiteral(column)),
    );
  }

  async advanceHorizon(client: PoolClient, xmin: string): Promise<void> {
    await client.query(`UPDATE audit_sealer_state SET horizon = $1::xid8, sealed_at = now() WHERE id = 1`, [
      xmin,
    ]);
  }

  /** A checkpoint of the head at `seq` was taken now. */
  async checkpointTaken(client: PoolClient, seq: string): Promise<void> {
    await client.query(
      `UPDATE audit_sealer_state SET checkpoint_seq = $1::bigint, checkpoint_at = now() WHERE id = 1`,
      [seq],
    );
  }

  /** A checkpoint was due but there was nothing new to vouch for: the next look is an interval away. */
  async checkpointSkipped(client: PoolClient): Promise<void> {
    await client.query(`UPDATE audit_sealer_state SET checkpoint_at = now() WHERE id = 1`);
  }
}
