import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@app/common/config/app-config';
import { DataSource } from 'typeorm';
import { CHAIN_COLUMNS, ChainRow, GENESIS_HASH, chainHash } from './canonical';
import { VerifyResult } from './audit.types';

const BATCH = 10_000;

/**
 * Walks the chain in sealing order, in batches, recomputing every hash from the entry as it is
 * stored now. A changed entry, a removed entry or seal, or two swapped positions break the chain
 * at the first affected entry, which is named.
 */
@Injectable()
export class AuditVerifier {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async verify(onProgress?: (checked: number) => void): Promise<VerifyResult> {
    let prev = GENESIS_HASH;
    let expectedSeq = 1n;
    let checked = 0;
    let firstInvalidId: string | null = null;
    let lastSeal: { seq: string; entryId: string; sealedAt: string } | null = null;
    let after = '0';
    outer: for (;;) {
      const rows: Array<ChainRow & { seal_seq: string; seal_entry_id: string; prev_hash: string; hash: string; sealed_at: string; present: boolean }> =
        await this.dataSource.query(
          `SELECT s.seq::text AS seal_seq, s.entry_id::text AS seal_entry_id, s.prev_hash, s.hash,
                  to_char(s.sealed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS sealed_at,
                  (e.id IS NOT NULL) AS present, ${CHAIN_COLUMNS}
             FROM audit_seal s LEFT JOIN audit_entry e ON e.id = s.entry_id
            WHERE s.seq > $1::bigint ORDER BY s.seq LIMIT ${BATCH}`,
          [after],
        );
      if (rows.length === 0) break;
      for (const row of rows) {
        const seq = BigInt(row.seal_seq);
        const broken =
          seq !== expectedSeq ||
          !row.present ||
          row.prev_hash !== prev ||
          chainHash(prev, row.seal_seq, row) !== row.hash;
        if (broken) {
          firstInvalidId = row.seal_entry_id;
          break outer;
        }
        prev = row.hash;
        expectedSeq = seq + 1n;
        checked += 1;
        lastSeal = { seq: row.seal_seq, entryId: row.seal_entry_id, sealedAt: row.sealed_at };
      }
      after = rows[rows.length - 1].seal_seq;
      onProgress?.(checked);
      if (rows.length < BATCH) break;
    }
    const [unsealed] = await this.dataSource.query(
      `SELECT count(*)::int AS count, extract(epoch FROM (clock_timestamp() - min(e.at)))::float AS oldest
         FROM audit_entry e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.entry_id = e.id)`,
    );
    const oldest = unsealed.count > 0 ? Number(unsealed.oldest) : null;
    // An entry whose seal row was removed would otherwise just look "unsealed": if anything sealed
    // after it exists, its absence from the chain is a break.
    if (!firstInvalidId && unsealed.count > 0) {
      const [orphan] = await this.dataSource.query(
        `SELECT e.id::text AS id FROM audit_entry e
          WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.entry_id = e.id)
            AND e.at < (SELECT max(s.sealed_at) FROM audit_seal s) - interval '1 hour'
          ORDER BY e.id LIMIT 1`,
      );
      if (orphan) firstInvalidId = orphan.id;
    }
    return {
      valid: firstInvalidId === null,
      checked,
      firstInvalidId,
      sealedThrough: {
        sequence: lastSeal?.seq ?? null,
        entryId: lastSeal?.entryId ?? null,
        sealedAt: lastSeal?.sealedAt ?? null,
      },
      unsealed: unsealed.count,
      oldestUnsealedSeconds: oldest,
      alarm: oldest !== null && oldest > this.config.AUDIT_UNSEALED_ALARM_SECONDS,
    };
  }
}
