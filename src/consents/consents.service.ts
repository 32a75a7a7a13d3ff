import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  CONSENT_PURPOSES,
  Channel,
  ConditionTranslator,
  ConsentPurpose,
  PersonalDataLifecycle,
} from '@app/privacy';
import { ConsentRepository, ConsentView } from './consent.repository';
import { ConsentAlreadyActiveError } from './consents.errors';

export type { ConsentView } from './consent.repository';

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
export class ConsentsService implements OnModuleInit {
  constructor(
    private readonly consents: ConsentRepository,
    private readonly lifecycle: PersonalDataLifecycle,
  ) {}

  onModuleInit(): void {
    this.lifecycle.registerErasureStep({
      name: 'consent',
      erase: (ids, manager) => this.consents.eraseForErasure(ids, manager),
    });
  }

  /** Active consents as "purpose:channel", per client: the facts consent-gated rules test. */
  async activeConsentKeys(clientIds: string[], manager?: EntityManager): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(clientIds.map((id) => [id, []]));
    if (clientIds.length === 0) return result;
    for (const row of await this.consents.activeKeys(clientIds, manager))
      result.get(row.client_id)?.push(row.key);
    return result;
  }

  /**
   * SQL for the registry condition `activeConsents: "purpose:channel"` over a client table alias,
   * so lists and audiences select consenting clients in the database.
   */
  activeConsentSql(clientAlias: string): ConditionTranslator {
    return this.consents.activeConsentCondition(clientAlias);
  }

  /** SQL for a column listing a client's active consents ("purpose:channel"), over a client alias. */
  activeConsentsColumnSql(clientAlias: string): string {
    return this.consents.activeKeysColumnSql(clientAlias);
  }

  /** SQL: the client (alias) has no active consent for `purpose` on any channel (records kept under that consent end). */
  noActiveConsentSql(clientAlias: string, purpose: ConsentPurpose): string {
    return this.consents.noActiveConsentSql(clientAlias, purpose);
  }

  /** SQL for a column of a client's consents per consent purpose, for the retention rules. */
  retentionSummaryColumnSql(clientAlias: string): string {
    return this.consents.retentionSummaryColumnSql(clientAlias);
  }

  async grant(input: GrantInput, manager: EntityManager): Promise<ConsentView> {
    try {
      return await this.consents.insert(
        {
          clientId: input.clientId,
          purpose: input.purpose,
          channel: input.channel,
          source: input.source,
          evidence: input.evidence ?? null,
          noticeVersion: input.noticeVersion,
          grantedBy: input.grantedBy,
        },
        manager,
      );
    } catch (error) {
      if (String((error as { code?: string }).code) === '23505') throw new ConsentAlreadyActiveError();
      throw error;
    }
  }

  /** Demo data: a grant as a seed makes it, backdated. */
  async insertSeed(
    input: Omit<GrantInput, 'evidence'> & { evidence: string; grantedAt: Date },
    manager: EntityManager,
  ) {
    return this.consents.insert({ ...input }, manager);
  }

  /** Withdraws the active consent, if any; returns it, or null when none was active (idempotent). */
  async withdraw(input: WithdrawInput, manager: EntityManager): Promise<ConsentView | null> {
    return this.consents.withdrawActive(
      {
        clientId: input.clientId,
        purpose: input.purpose,
        channel: input.channel,
        by: input.withdrawnBy,
        source: input.source,
      },
      manager,
    );
  }

  /** Withdraws every active consent of a client for one purpose (objection, unsubscribe-all). */
  async withdrawAll(
    clientId: string,
    purposes: ConsentPurpose[],
    source: string,
    by: string | null,
    manager: EntityManager,
  ): Promise<number> {
    return this.consents.withdrawAllActive(clientId, purposes, source, by, manager);
  }

  /** The consents of a client for the given consent purposes (all by default): grants, withdrawals, evidence. */
  async stateOf(
    clientId: string,
    purposes: readonly ConsentPurpose[] = CONSENT_PURPOSES,
  ): Promise<{ active: ConsentView[]; history: ConsentHistoryEvent[] }> {
    const views = await this.consents.ofClient(clientId, purposes);
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
