import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { toPositional } from '@app/common/database/sql';
import type { SqlFragment } from '@app/privacy';
import { LegalHoldResponseDto } from './retention.dto';

/** A legal hold as stored. */
export interface LegalHoldRow {
  id: string;
  client_id: string;
  reason: string;
  placed_by: string | null;
  placed_under: string;
  placed_at: Date;
  released_at: Date | null;
  released_by: string | null;
  release_reason: string | null;
}

/** A hold as the person's own access report lists it: dates only, never the reason. */
export interface LegalHoldHistoryEntry {
  placedAt: string;
  releasedAt: string | null;
  active: boolean;
}

/**
 * The `legal_hold` table: the only code whose SQL names it. Holds are read after the caller
 * checked that their client is visible under the caller's purpose (or for the person themselves).
 */
@Injectable()
export class LegalHoldRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    hold: { clientId: string; reason: string; placedBy: string | null; placedUnder: string | null },
    manager: EntityManager,
  ): Promise<LegalHoldResponseDto> {
    const [row]: LegalHoldRow[] = await manager.query(
      `INSERT INTO legal_hold (client_id, reason, placed_by, placed_under) VALUES ($1, $2, $3, $4) RETURNING *`,
      [hold.clientId, hold.reason, hold.placedBy, hold.placedUnder],
    );
    return toLegalHold(row);
  }

  /** The client's hold, locked for the caller's transaction; null when the client has no such hold. */
  async lock(holdId: string, clientId: string, manager: EntityManager): Promise<LegalHoldResponseDto | null> {
    const [row]: LegalHoldRow[] = await manager.query(
      `SELECT * FROM legal_hold WHERE id = $1 AND client_id = $2 FOR UPDATE`,
      [holdId, clientId],
    );
    return row ? toLegalHold(row) : null;
  }

  async release(
    holdId: string,
    by: string | null,
    reason: string | null,
    manager: EntityManager,
  ): Promise<LegalHoldResponseDto> {
    // UPDATE ... RETURNING answers [rows, affected count] through TypeORM's postgres driver.
    const [rows]: [LegalHoldRow[], number] = await manager.query(
      `UPDATE legal_hold SET released_at = now(), released_by = $2, release_reason = $3 WHERE id = $1 RETURNING *`,
      [holdId, by, reason],
    );
    return toLegalHold(rows[0]);
  }

  /** Every hold of a client the caller may see, active and released. */
  async listOfVisibleClient(clientId: string): Promise<LegalHoldResponseDto[]> {
    const rows: LegalHoldRow[] = await this.dataSource.query(
      `SELECT * FROM legal_hold WHERE client_id = $1 ORDER BY placed_at, id`,
      [clientId],
    );
    return rows.map(toLegalHold);
  }

  /**
   * Active holds across the office, newest first, of the clients `visibility` lets through (SQL
   * over the client joined by `clientJoin` as `c`); after the previous page's last row, and one
   * row more than `size` to tell that there is a next page. `sort_key` is the placement time with
   * its microseconds, for the cursor.
   */
  activePage(
    clientJoin: string,
    visibility: SqlFragment,
    after: [string, string] | null,
    size: number,
  ): Promise<Array<LegalHoldRow & { sort_key: string }>> {
    const named: Record<string, unknown> = { ...visibility.params };
    const conditions = ['h.released_at IS NULL', `(${visibility.sql})`];
    if (after) {
      named.ck = after[0];
      named.cid = after[1];
      conditions.push('(h.placed_at, h.id) < (:ck::timestamptz, :cid::uuid)');
    }
    const { sql, params } = toPositional(
      `SELECT h.*, to_char(h.placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key
         FROM legal_hold h ${clientJoin}
        WHERE ${conditions.join(' AND ')}
        ORDER BY h.placed_at DESC, h.id DESC LIMIT ${size + 1}`,
      named,
    );
    return this.dataSource.query(sql, params);
  }

  /** The holds of a client for the person's own access report (art. 15), oldest first. */
  historyForDataSubject(clientId: string, manager?: EntityManager): Promise<LegalHoldHistoryEntry[]> {
    return (manager ?? this.dataSource.manager).query(
      `SELECT to_char(placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "placedAt",
              to_char(released_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "releasedAt",
              released_at IS NULL AS active
         FROM legal_hold WHERE client_id = $1 ORDER BY placed_at`,
      [clientId],
    );
  }

  /**
   * The ids of a client's active holds, oldest first, as a column of a statement over clients
   * (`clientAlias` names the client table there): the retention facts stay one statement per batch.
   */
  activeHoldIdsColumnSql(clientAlias: string): string {
    return `ARRAY(SELECT h.id::text FROM legal_hold h WHERE h.client_id = ${clientAlias}.id AND h.released_at IS NULL ORDER BY h.placed_at)`;
  }

  /** SQL: the client whose id is in `clientIdColumn` is under a hold not yet released. */
  clientHeldSql(clientIdColumn: string): string {
    return `EXISTS (SELECT 1 FROM legal_hold h WHERE h.client_id = ${clientIdColumn} AND h.released_at IS NULL)`;
  }

  /** SQL: the hold whose id is in `holdIdColumn` exists and is not released (a statement over another module's rows). */
  activeHoldSql(holdIdColumn: string): string {
    return `EXISTS (SELECT 1 FROM legal_hold h WHERE h.id = ${holdIdColumn} AND h.released_at IS NULL)`;
  }

  /** Erasure: a released hold's reason describes the claim, and so the person; its dates stay as history. */
  async eraseReleasedReasonsForErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE legal_hold SET reason = 'erased', release_reason = CASE WHEN release_reason IS NULL THEN NULL ELSE 'erased' END
        WHERE client_id = ANY($1::uuid[]) AND released_at IS NOT NULL AND reason <> 'erased'`,
      [clientIds],
    );
  }
}

/** The one mapper of a stored hold. */
export function toLegalHold(row: LegalHoldRow): LegalHoldResponseDto {
  return {
    id: row.id,
    clientId: row.client_id,
    reason: row.reason,
    active: row.released_at === null,
    placedAt: new Date(row.placed_at).toISOString(),
    placedBy: row.placed_by,
    placedUnder: row.placed_under,
    releasedAt: row.released_at ? new Date(row.released_at).toISOString() : null,
    releasedBy: row.released_by,
    releaseReason: row.release_reason ?? null,
  };
}
