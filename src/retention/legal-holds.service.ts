import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import type { PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { LegalHoldHistoryEntry, LegalHoldRepository, toLegalHold } from './legal-hold.repository';
import { LegalHoldNotFoundError, LegalHoldReleasedError } from './retention.errors';
import { LegalHoldResponseDto } from './retention.dto';

const HOLD_FIELDS = ['reason', 'placedAt', 'placedBy', 'releasedAt', 'releasedBy'];

/** Legal holds for claims: placed with a reason, released explicitly, kept as history. */
@Injectable()
export class LegalHoldsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly holds: LegalHoldRepository,
    private readonly clients: ClientsService,
    private readonly audit: AuditRecorder,
  ) {}

  async place(scope: PrivacyScope, clientId: string, reason: string): Promise<LegalHoldResponseDto> {
    await this.clients.requireVisible(scope, clientId, { action: 'create', resource: 'legal_hold' });
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(
        clientId,
        { action: 'create', resource: 'legal_hold', fields: ['reason'] },
        manager,
      );
      const hold = await this.holds.insert(
        { clientId, reason, placedBy: scope.staffId, placedUnder: scope.purpose },
        manager,
      );
      await this.audit.record(
        {
          action: 'create',
          resource: 'legal_hold',
          resourceId: hold.id,
          clientIds: [clientId],
          fields: ['reason'],
          outcome: 'allowed',
        },
        manager,
      );
      return hold;
    });
  }

  async release(
    scope: PrivacyScope,
    clientId: string,
    holdId: string,
    reason?: string,
  ): Promise<LegalHoldResponseDto> {
    await this.clients.requireVisible(scope, clientId, { action: 'update', resource: 'legal_hold' });
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(
        clientId,
        { action: 'update', resource: 'legal_hold', resourceId: holdId, fields: ['releasedAt'] },
        manager,
      );
      const hold = await this.holds.lock(holdId, clientId, manager);
      if (!hold || !hold.active) {
        scope.deny(
          {
            action: 'update',
            resource: 'legal_hold',
            resourceId: holdId,
            clientIds: [clientId],
            fields: ['releasedAt'],
            reason: hold ? 'LEGAL_HOLD_ALREADY_RELEASED' : 'LEGAL_HOLD_NOT_FOUND',
          },
          hold ? new LegalHoldReleasedError() : new LegalHoldNotFoundError(),
        );
      }
      const released = await this.holds.release(holdId, scope.staffId, reason ?? null, manager);
      await this.audit.record(
        {
          action: 'update',
          resource: 'legal_hold',
          resourceId: holdId,
          clientIds: [clientId],
          fields: reason ? ['releasedAt', 'releaseReason'] : ['releasedAt'],
          outcome: 'allowed',
        },
        manager,
      );
      return released;
    });
  }

  async list(scope: PrivacyScope, clientId: string): Promise<{ items: LegalHoldResponseDto[] }> {
    await this.clients.requireVisible(scope, clientId, { action: 'list', resource: 'legal_hold' });
    const items = await this.holds.listOfVisibleClient(clientId);
    await this.audit.record({
      action: 'list',
      resource: 'legal_hold',
      clientIds: [clientId],
      fields: HOLD_FIELDS,
      outcome: 'allowed',
    });
    return { items };
  }

  /**
   * Every active hold in the office whose client the caller sees (a broker: their portfolio's),
   * newest first: what still keeps people's data for a claim, to review and release. The page's
   * clients are recorded as one list.
   */
  async listActive(
    scope: PrivacyScope,
    query: { limit?: number; cursor?: string },
  ): Promise<Page<LegalHoldResponseDto>> {
    const size = pageSize(query.limit);
    const cursor = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const rows = await this.holds.activePage(
      this.clients.joinSql('c', 'h.client_id'),
      scope.visibleSql('Client', this.clients.sqlTranslators('c')),
      cursor ? [String(cursor[0]), String(cursor[1])] : null,
      size,
    );
    const page = rows.slice(0, size);
    await this.audit.record({
      action: 'list',
      resource: 'legal_hold',
      clientIds: [...new Set(page.map((row) => row.client_id))],
      fields: HOLD_FIELDS,
      outcome: 'allowed',
    });
    const last = page[page.length - 1];
    return {
      items: page.map(toLegalHold),
      nextCursor: rows.length > size && last ? encodeCursor([last.sort_key, last.id]) : null,
    };
  }

  /**
   * Whether the hold is the client's and still active, its row locked until the caller's
   * transaction ends (a claim linking it, so a release cannot slip in between).
   */
  async isActiveHoldOf(clientId: string, holdId: string, manager: EntityManager): Promise<boolean> {
    const hold = await this.holds.lock(holdId, clientId, manager);
    return !!hold?.active;
  }

  /** SQL: the client named by `clientIdColumn` is under an active hold (everything of theirs is kept). */
  clientHeldSql(clientIdColumn: string): string {
    return this.holds.clientHeldSql(clientIdColumn);
  }

  /** SQL: the hold named by `holdIdColumn` is active (records kept while their hold lasts). */
  activeHoldSql(holdIdColumn: string): string {
    return this.holds.activeHoldSql(holdIdColumn);
  }

  /**
   * The holds of a client for the person's own access report (art. 15); the caller checked the
   * request and records the disclosure.
   */
  historyForDataSubject(clientId: string, manager?: EntityManager): Promise<LegalHoldHistoryEntry[]> {
    return this.holds.historyForDataSubject(clientId, manager);
  }
}
