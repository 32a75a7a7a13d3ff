import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CANONICAL_ENTRY_SQL } from './canonical';

/**
 * A seal and the entry it names, as the canonical text the seal covers (empty, and `present`
 * false, when the entry is gone: its seal names an id no partition holds).
 */
export interface SealRow {
  seal_seq: string;
  seal_entry_id: string;
  prev_mac: string;
  mac: string;
  sealed_at: string;
  present: boolean;
  canonical: string;
}

/** The record's chain as the verifier reads it: seals with their entries, and what is not sealed yet. */
@Injectable()
export class AuditChainRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Seals after chain position `after`, in chain order, each with the entry it names. The entries
   * are read by the id range the batch names: the record is partitioned by month, and a range on
   * the id probes each month's primary key once, where a join by id alone would probe it per seal.
   */
  async sealsAfter(after: string, limit: number): Promise<SealRow[]> {
    const seals: Array<Omit<SealRow, 'present' | 'canonical'>> = await this.dataSource.query(
      `SELECT s.seq::text AS seal_seq, s.entry_id::text AS seal_entry_id, s.prev_mac, s.mac,
                to_char(s.sealed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS sealed_at
           FROM audit_seal s WHERE s.seq > $1::bigint ORDER BY s.seq LIMIT ${limit}`,
      [after],
    );
    if (seals.length === 0) return [];
    let low = BigInt(seals[0].seal_entry_id);
    let high = low;
    for (const seal of seals) {
      const id = BigInt(seal.seal_entry_id);
      if (id < low) low = id;
      if (id > high) high = id;
    }
    const entries: Array<{ id: string; canonical: string }> = await this.dataSource.query(
      `SELECT e.id::text AS id, ${CANONICAL_ENTRY_SQL} AS canonical
         FROM audit_entry e WHERE e.id BETWEEN $1::bigint AND $2::bigint`,
      [low.toString(), high.toString()],
    );
    const byId = new Map<string, string>();
    for (const entry of entries) byId.set(entry.id, entry.canonical);
    // The seal's own row carries its entry's text: no row is copied.
    return seals.map((seal) => {
      const canonical = byId.get(seal.seal_entry_id);
      const row = seal as SealRow;
      row.present = canonical !== undefined;
      row.canonical = canonical ?? '';
      return row;
    });
  }

  /** The seal at a chain position, if the chain reaches it. */
  async sealAt(seq: string): Promise<{ entry_id: string; mac: string } | undefined> {
    const [seal]: Array<{ entry_id: string; mac: string }> = await this.dataSource.query(
      `SELECT entry_id::text AS entry_id, mac FROM audit_seal WHERE seq = $1::bigint`,
      [seq],
    );
    return seal;
  }

  /** How many entries wait unsealed, and the age in seconds of the oldest (null when none). */
  async unsealed(): Promise<{ count: number; oldest: number | null }> {
    const [unsealed]: Array<{ count: number; oldest: number | null }> = await this.dataSource.query(
      `SELECT count(*)::int AS count, extract(epoch FROM (clock_timestamp() - min(e.at)))::float AS oldest
         FROM audit_entry e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.entry_id = e.id)`,
    );
    return unsealed;
  }

  /**
   * The same backlog, cheaply enough for every metrics scrape: only entries of transactions at or
   * above the sealer's horizon can be unsealed (everything below it was sealed in an earlier round),
   * so the xid index bounds the scan to the last moments' entries instead of the whole record.
   */
  async backlogSinceHorizon(): Promise<{ count: number; oldest: number | null }> {
    const [backlog]: Array<{ count: number; oldest: number | null }> = await this.dataSource.query(
      `SELECT count(*)::int AS count, extract(epoch FROM (clock_timestamp() - min(e.at)))::float AS oldest
         FROM audit_entry e
        WHERE e.xid >= (SELECT horizon FROM audit_sealer_state WHERE id = 1)
          AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.entry_id = e.id)`,
    );
    return backlog;
  }

  /** Seconds since the seal after chain position `seq` was made; undefined when there is none. */
  async ageOfSealAfter(seq: string | null): Promise<number | undefined> {
    const [uncovered]: Array<{ age: number }> = await this.dataSource.query(
      `SELECT extract(epoch FROM (clock_timestamp() - s.sealed_at))::float AS age FROM audit_seal s WHERE s.seq = $1::bigint + 1`,
      [seq],
    );
    return uncovered ? Number(uncovered.age) : undefined;
  }

  /** The first unsealed entry older, by an hour, than the newest seal: one whose seal was removed. */
  async firstOrphan(): Promise<string | undefined> {
    const [orphan]: Array<{ id: string }> = await this.dataSource.query(
      `SELECT e.id::text AS id FROM audit_entry e
          WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.entry_id = e.id)
            AND e.at < (SELECT max(s.sealed_at) FROM audit_seal s) - interval '1 hour'
          ORDER BY e.id LIMIT 1`,
    );
    return orphan?.id;
  }
}
