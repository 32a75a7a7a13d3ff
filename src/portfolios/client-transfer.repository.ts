import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The `client_transfer` table: the only code whose SQL names it. */
@Injectable()
export class ClientTransferRepository {
  async insert(
    transfer: { clientId: string; fromTeamId: string | null; toTeamId: string; reason: string; by: string },
    manager: EntityManager,
  ): Promise<{ id: string; transferred_at: Date }> {
    const [row]: Array<{ id: string; transferred_at: Date }> = await manager.query(
      `INSERT INTO client_transfer (client_id, from_team_id, to_team_id, reason, transferred_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING id::text, transferred_at`,
      [transfer.clientId, transfer.fromTeamId, transfer.toTeamId, transfer.reason, transfer.by],
    );
    return row;
  }

  /** Erasure, without a purpose: the reason may describe the person; the move itself stays. */
  async eraseReasonsForErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE client_transfer SET reason = 'erased' WHERE client_id = ANY($1::uuid[])`, [
      clientIds,
    ]);
  }
}
