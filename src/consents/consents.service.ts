import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { CONSENT_PURPOSES, Channel, ConditionTranslator, ConsentPurpose } from '@app/privacy';
import { ConsentEntity } from './consent.entity';
import { ConsentAlreadyActiveError } from './consents.errors';

export interface GrantInput {
  clientId: string;
  purpose: ConsentPurpose;
  channel: Channel;
  source: string;
  evidence?: string | null;
  noticeVersion: string;
  grantedBy: string | null;
}

export interface WithdrawInput {
  clientId: string;
  purpose: ConsentPurpose;
  channel: Channel;
  source: string;
  withdrawnBy: string | null;
}

export interface ConsentView {
  id: string;
  purpose: ConsentPurpose;
  channel: Channel;
  source: string;
  evidence: string | null;
  noticeVersion: string;
  grantedBy: string | null;
  grantedAt: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawalSource: string | null;
}

export interface ConsentHistoryEvent {
  at: string;
  event: 'granted' | 'withdrawn';
  consentId: string;
  purpose: ConsentPurpose;
  channel: Channel;
  source: string;
  by: string | null;
  noticeVersion?: string;
}

/**
 * Consents of the broker's own clients. Withdrawal is effective at once: every visibility check,
 * audience and send-time check reads the consent table directly, never a cache.
 */
@Injectable()
export class ConsentsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Active consents as "purpose:channel", per client: the facts consent-gated rules test. */
  async activeConsentKeys(clientIds: string[], manager?: EntityManager): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(clientIds.map((id) => [id, []]));
    if (clientIds.length === 0) return result;
    const rows: Array<{ client_id: string; key: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT client_id, purpose || ':' || channel AS key FROM consent
        WHERE client_id = ANY($1::uuid[]) AND withdrawn_at IS NULL`,
      [clientIds],
    );
    for (const row of rows) result.get(row.client_id)?.push(row.key);
    return result;
  }

  /**
   * SQL for the registry condition `activeConsents: "purpose:channel"` over a client table alias,
   * so lists and audiences select consenting clients in the database.
   */
  activeConsentSql(clientAlias: string): ConditionTranslator {
    return (value, param) => {
      const [purpose, channel] = String(value).split(':');
      return `EXISTS (SELECT 1 FROM consent k WHERE k.client_id = ${clientAlias}.id AND k.purpose = ${param(purpose)}
                AND k.channel = ${param(channel)} AND k.withdrawn_at IS NULL)`;
    };
  }

  async grant(input: GrantInput, manager: EntityManager): Promise<ConsentView> {
    const repo = manager.getRepository(ConsentEntity);
    // The partial unique index (client, purpose, channel) WHERE withdrawn_at IS NULL decides races.
    try {
      const saved = await repo.save(
        repo.create({
          clientId: input.clientId,
          purpose: input.purpose,
          channel: input.channel,
          source: input.source,
          evidence: input.evidence ?? null,
          noticeVersion: input.noticeVersion,
          grantedBy: input.grantedBy,
          grantedAt: new Date(),
          withdrawnAt: null,
        }),
      );
      return view(saved);
    } catch (error) {
      if (String((error as { code?: string }).code) === '23505') throw new ConsentAlreadyActiveError();
      throw error;
    }
  }

  /** Withdraws the active consent, if any; returns it, or null when none was active (idempotent). */
  async withdraw(input: WithdrawInput, manager: EntityManager): Promise<ConsentView | null> {
    // UPDATE ... RETURNING answers [rows, affected count] through TypeORM's postgres driver.
    const [rows]: [Array<{ id: string }>, number] = await manager.query(
      `UPDATE consent SET withdrawn_at = now(), withdrawn_by = $4, withdrawal_source = $5
        WHERE client_id = $1 AND purpose = $2 AND channel = $3 AND withdrawn_at IS NULL
        RETURNING id`,
      [input.clientId, input.purpose, input.channel, input.withdrawnBy, input.source],
    );
    if (rows.length === 0) return null;
    const saved = await manager.getRepository(ConsentEntity).findOneByOrFail({ id: rows[0].id });
    return view(saved);
  }

  /** Withdraws every active consent of a client for one purpose (objection, unsubscribe-all). */
  async withdrawAll(
    clientId: string,
    purposes: ConsentPurpose[],
    source: string,
    by: string | null,
    manager: EntityManager,
  ): Promise<number> {
    const result: [unknown[], number] = await manager.query(
      `UPDATE consent SET withdrawn_at = now(), withdrawn_by = $3, withdrawal_source = $4
        WHERE client_id = $1 AND purpose = ANY($2::text[]) AND withdrawn_at IS NULL`,
      [clientId, purposes, by, source],
    );
    return result[1];
  }

  /** The consents of a client for the given consent purposes (all by default): grants, withdrawals, evidence. */
  async stateOf(
    clientId: string,
    purposes: readonly ConsentPurpose[] = CONSENT_PURPOSES,
  ): Promise<{ active: ConsentView[]; history: ConsentHistoryEvent[] }> {
    const rows = await this.dataSource
      .getRepository(ConsentEntity)
      .find({ where: { clientId, purpose: In([...purposes]) }, order: { grantedAt: 'ASC' } });
    const views = rows.map(view);
    const history: ConsentHistoryEvent[] = [];
    for (const c of views) {
      history.push({
        at: c.grantedAt,
        event: 'granted',
        consentId: c.id,
        purpose: c.purpose,
        channel: c.channel,
        source: c.source,
        by: c.grantedBy,
        noticeVersion: c.noticeVersion,
      });
      if (c.withdrawnAt) {
        history.push({
          at: c.withdrawnAt,
          event: 'withdrawn',
          consentId: c.id,
          purpose: c.purpose,
          channel: c.channel,
          source: c.withdrawalSource ?? 'unknown',
          by: c.withdrawnBy,
        });
      }
    }
    history.sort((a, b) => a.at.localeCompare(b.at));
    return { active: views.filter((c) => c.withdrawnAt === null), history };
  }
}

function view(c: ConsentEntity): ConsentView {
  return {
    id: c.id,
    purpose: c.purpose,
    channel: c.channel,
    source: c.source,
    evidence: c.evidence,
    noticeVersion: c.noticeVersion,
    grantedBy: c.grantedBy,
    grantedAt: new Date(c.grantedAt).toISOString(),
    withdrawnAt: c.withdrawnAt ? new Date(c.withdrawnAt).toISOString() : null,
    withdrawnBy: c.withdrawnBy,
    withdrawalSource: c.withdrawalSource,
  };
}
