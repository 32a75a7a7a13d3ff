import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface BreakGlassRow {
  id: string;
  staff_id: string;
  client_id: string;
  purpose: string;
  reason: string;
  granted_at: Date;
  expires_at: Date;
}

/** The `break_glass_grant` table: the only code whose SQL names it. */
@Injectable()
export class BreakGlassRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    grant: { staffId: string; clientId: string; purpose: string; reason: string; minutes: number },
    manager: EntityManager,
  ): Promise<BreakGlassRow> {
    const [row]: BreakGlassRow[] = await manager.query(
      `INSERT INTO break_glass_grant (staff_id, client_id, purpose, reason, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5))
       RETURNING id::text, staff_id::text, client_id::text, purpose, reason, granted_at, expires_at`,
      [grant.staffId, grant.clientId, grant.purpose, grant.reason, grant.minutes],
    );
    return row;
  }

  /** A staff member's grants that have not expired: client id and expiry. */
  async openFor(staffId: string): Promise<Array<{ client_id: string; expires_at: Date }>> {
    return this.dataSource.query(
      `SELECT client_id::text, max(expires_at) AS expires_at FROM break_glass_grant
        WHERE staff_id = $1 AND expires_at > now() GROUP BY client_id`,
      [staffId],
    );
  }

  /** Grants made in a window (newest first), for the managers' review. */
  async grantedBetween(from: Date, to: Date, limit: number): Promise<BreakGlassRow[]> {
    return this.dataSource.query(
      `SELECT id::text, staff_id::text, client_id::text, purpose, reason, granted_at, expires_at
         FROM break_glass_grant WHERE granted_at >= $1 AND granted_at < $2
        ORDER BY granted_at DESC, id DESC LIMIT $3`,
      [from, to, limit],
    );
  }

  /** Erasure, without a purpose: the reason may describe the person; who, whom and when stay. */
  async eraseReasonsForErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE break_glass_grant SET reason = 'erased' WHERE client_id = ANY($1::uuid[])`, [
      clientIds,
    ]);
  }
}
