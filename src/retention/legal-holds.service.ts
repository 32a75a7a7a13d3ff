import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { ClientActor, ClientsService, scopeOf } from '../clients';
import { LegalHoldNotFoundError, LegalHoldReleasedError } from './retention.errors';
import { LegalHoldResponseDto } from './retention.dto';

interface HoldRow {
  id: string;
  client_id: string;
  reason: string;
  placed_by: string | null;
  placed_under: string;
  placed_at: Date;
  released_at: Date | null;
  released_by: string | null;
}

const HOLD_FIELDS = ['reason', 'placedAt', 'placedBy', 'releasedAt', 'releasedBy'];

/** Legal holds for claims: placed with a reason, released explicitly, kept as history. */
@Injectable()
export class LegalHoldsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
    private readonly audit: AuditRecorder,
  ) {}

  async place(actor: ClientActor, clientId: string, reason: string): Promise<LegalHoldResponseDto> {
    await this.clients.requireVisible(scopeOf(actor), clientId, { action: 'create', resource: 'legal_hold' });
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(
        clientId,
        { action: 'create', resource: 'legal_hold', fields: ['reason'] },
        manager,
      );
      const [row]: HoldRow[] = await manager.query(
        `INSERT INTO legal_hold (client_id, reason, placed_by, placed_under) VALUES ($1, $2, $3, $4) RETURNING *`,
        [clientId, reason, actor.staffId, actor.purpose],
      );
      await this.audit.record(
        {
          action: 'create',
          resource: 'legal_hold',
          resourceId: row.id,
          clientIds: [clientId],
          fields: ['reason'],
          outcome: 'allowed',
        },
        manager,
      );
      return view(row);
    });
  }

  async release(actor: ClientActor, clientId: string, holdId: string): Promise<LegalHoldResponseDto> {
    await this.clients.requireVisible(scopeOf(actor), clientId, { action: 'update', resource: 'legal_hold' });
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(
        clientId,
        { action: 'update', resource: 'legal_hold', resourceId: holdId, fields: ['releasedAt'] },
        manager,
      );
      const [row]: HoldRow[] = await manager.query(
        `SELECT * FROM legal_hold WHERE id = $1 AND client_id = $2 FOR UPDATE`,
        [holdId, clientId],
      );
      if (!row || row.released_at) {
        await this.audit.record({
          action: 'update',
          resource: 'legal_hold',
          resourceId: holdId,
          clientIds: [clientId],
          fields: ['releasedAt'],
          outcome: 'denied',
          reason: row ? 'LEGAL_HOLD_ALREADY_RELEASED' : 'LEGAL_HOLD_NOT_FOUND',
        });
        throw row ? new LegalHoldReleasedError() : new LegalHoldNotFoundError();
      }
      const [updated]: [HoldRow[], number] = await manager.query(
        `UPDATE legal_hold SET released_at = now(), released_by = $2 WHERE id = $1 RETURNING *`,
        [holdId, actor.staffId],
      );
      await this.audit.record(
        {
          action: 'update',
          resource: 'legal_hold',
          resourceId: holdId,
          clientIds: [clientId],
          fields: ['releasedAt'],
          outcome: 'allowed',
        },
        manager,
      );
      return view(updated[0]);
    });
  }

  async list(actor: ClientActor, clientId: string): Promise<{ items: LegalHoldResponseDto[] }> {
    await this.clients.requireVisible(scopeOf(actor), clientId, { action: 'list', resource: 'legal_hold' });
    const rows: HoldRow[] = await this.dataSource.query(
      `SELECT * FROM legal_hold WHERE client_id = $1 ORDER BY placed_at, id`,
      [clientId],
    );
    await this.audit.record({
      action: 'list',
      resource: 'legal_hold',
      clientIds: [clientId],
      fields: HOLD_FIELDS,
      outcome: 'allowed',
    });
    return { items: rows.map(view) };
  }
}

function view(row: HoldRow): LegalHoldResponseDto {
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
  };
}
