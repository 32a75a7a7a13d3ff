import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** An erasure the person asked for and a legal duty deferred, as stored. */
export interface ErasurePendingRow {
  client_id: string;
  request_id: string | null;
  requested_at: Date;
  erased_at: Date | null;
}

/**
 * The `erasure_pending` table: the only code whose SQL names it. Written by erasure (a request
 * refused on legal grounds, or carried out by the sweep), never for a staff member's purpose.
 */
@Injectable()
export class ErasurePendingRepository {
  /** Records (again) that the person asked for erasure; the sweep finishes it when the last ground ends. */
  async markPendingForErasure(
    clientId: string,
    requestId: string | null,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO erasure_pending (client_id, request_id) VALUES ($1, $2)
       ON CONFLICT (client_id) DO UPDATE SET request_id = coalesce(EXCLUDED.request_id, erasure_pending.request_id), erased_at = NULL`,
      [clientId, requestId],
    );
  }

  /** The pending erasures of these clients are done. */
  async markErasedForErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE erasure_pending SET erased_at = now() WHERE client_id = ANY($1::uuid[]) AND erased_at IS NULL`,
      [clientIds],
    );
  }

  /**
   * The client's pending erasure as a join of a statement over clients (`clientAlias`), under
   * `alias`; its `requested_at` is null when none is pending.
   */
  openJoinSql(alias: string, clientAlias: string): string {
    return `LEFT JOIN erasure_pending ${alias} ON ${alias}.client_id = ${clientAlias}.id AND ${alias}.erased_at IS NULL`;
  }
}
