import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { CONSENT_PURPOSES, Channel, ConditionTranslator, ConsentPurpose } from '@app/privacy';
import { ConsentEntity } from './consent.entity';

/** A consent as the module answers it. */
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

export interface NewConsent {
  clientId: string;
  purpose: ConsentPurpose;
  channel: Channel;
  source: string;
  evidence: string | null;
  noticeVersion: string;
  grantedBy: string | null;
  /** Now, unless demo data backdates it. */
  grantedAt?: Date;
}

/**
 * The `consent` table: the only code whose SQL names it. Simple writes and reads go through the
 * entity; the conditions other modules embed (visibility, audiences, retention facts) are built
 * here so that their single statements stay single.
 */
@Injectable()
export class ConsentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Active consents as "purpose:channel", per client (the facts consent-gated rules test). */
  async activeKeys(
    clientIds: string[],
    manager?: EntityManager,
  ): Promise<Array<{ client_id: string; key: string }>> {
    return (manager ?? this.dataSource.manager).query(
      `SELECT client_id, purpose || ':' || channel AS key FROM consent
        WHERE client_id = ANY($1::uuid[]) AND withdrawn_at IS NULL`,
      [clientIds],
    );
  }

  /** SQL for the registry condition `activeConsents: "purpose:channel"` over a client alias. */
  activeConsentCondition(clientAlias: string): ConditionTranslator {
    return (value, param) => {
      const [purpose, channel] = String(value).split(':');
      return `EXISTS (SELECT 1 FROM consent k WHERE k.client_id = ${clientAlias}.id AND k.purpose = ${param(purpose)}
                AND k.channel = ${param(channel)} AND k.withdrawn_at IS NULL)`;
    };
  }

  /** SQL for a column of the client's active consents ("purpose:channel"[]), over a client alias. */
  activeKeysColumnSql(clientAlias: string): string {
    return `ARRAY(SELECT k.purpose || ':' || k.channel FROM consent k WHERE k.client_id = ${clientAlias}.id AND k.withdrawn_at IS NULL)`;
  }

  /** SQL: the client (alias) has no active consent for the consent purpose on any channel. */
  noActiveConsentSql(clientAlias: string, purpose: ConsentPurpose): string {
    if (!(CONSENT_PURPOSES as readonly string[]).includes(purpose))
      throw new Error(`Not a consent purpose: ${purpose}`);
    return `NOT EXISTS (SELECT 1 FROM consent k WHERE k.client_id = ${clientAlias}.id AND k.purpose = '${purpose}' AND k.withdrawn_at IS NULL)`;
  }

  /**
   * SQL for a column summarising the client's consents per consent purpose (active or not, last
   * withdrawal) as JSON, over a client alias: what the retention rules decide on.
   */
  retentionSummaryColumnSql(clientAlias: string): string {
    return `(SELECT json_agg(json_build_object('purpose', x.purpose, 'active', x.active, 'lastWithdrawnAt', x.last_withdrawn_at))
       FROM (SELECT k.purpose, bool_or(k.withdrawn_at IS NULL) AS active, max(k.withdrawn_at) AS last_withdrawn_at
               FROM consent k WHERE k.client_id = ${clientAlias}.id GROUP BY k.purpose) x)`;
  }

  /** Inserts a grant; the partial unique index (client, purpose, channel) WHERE active decides races. */
  async insert(input: NewConsent, manager: EntityManager): Promise<ConsentView> {
    const repo = manager.getRepository(ConsentEntity);
    const saved = await repo.save(
      repo.create({ ...input, grantedAt: input.grantedAt ?? new Date(), withdrawnAt: null }),
    );
    return toView(saved);
  }

  /** Ends the active consent for (client, purpose, channel); null when none was active. */
  async withdrawActive(
    input: { clientId: string; purpose: ConsentPurpose; channel: Channel; by: string | null; source: string },
    manager: EntityManager,
  ): Promise<ConsentView | null> {
    // UPDATE ... RETURNING answers [rows, affected count] through TypeORM's postgres driver.
    const [rows]: [Array<{ id: string }>, number] = await manager.query(
      `UPDATE consent SET withdrawn_at = now(), withdrawn_by = $4, withdrawal_source = $5
        WHERE client_id = $1 AND purpose = $2 AND channel = $3 AND withdrawn_at IS NULL
        RETURNING id`,
      [input.clientId, input.purpose, input.channel, input.by, input.source],
    );
    if (rows.length === 0) return null;
    return toView(await manager.getRepository(ConsentEntity).findOneByOrFail({ id: rows[0].id }));
  }

  /** Ends every active consent of a client for the given consent purposes; answers how many. */
  async withdrawAllActive(
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

  /** Every consent of a client for the given consent purposes, oldest grant first. */
  async ofClient(clientId: string, purposes: readonly ConsentPurpose[]): Promise<ConsentView[]> {
    const rows = await this.dataSource
      .getRepository(ConsentEntity)
      .find({ where: { clientId, purpose: In([...purposes]) }, order: { grantedAt: 'ASC' } });
    return rows.map(toView);
  }

  /**
   * Erasure, without a purpose: the sources and evidence are free text ("mail from ..."), so only
   * that a grant and a withdrawal happened is kept, not how; active consents end.
   */
  async eraseForErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE consent SET evidence = NULL, source = 'erased',
              withdrawn_at = coalesce(withdrawn_at, now()),
              withdrawal_source = CASE WHEN withdrawn_at IS NULL THEN 'erasure' ELSE 'erased' END
        WHERE client_id = ANY($1::uuid[])`,
      [clientIds],
    );
  }
}

function toView(c: ConsentEntity): ConsentView {
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
