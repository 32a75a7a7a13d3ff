import type { Language } from '@app/common/locale/polish';
import type { AuditReason } from '@app/audit';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AlongsideStatement, RecordedChange } from '@app/audit';
import { textArrayLiteral, toPositional } from '@app/common/database/sql';
import type { SqlFragment } from '@app/privacy';
import { ClientsService } from '../clients';
import type { RecipientStatus } from './campaign.dto';
import { CampaignRepository } from './campaign.repository';

/** A recipient as stored: one client of one campaign and how far their mail got. */
export interface CampaignRecipientRow {
  campaign_id: string;
  client_id: string;
  status: RecipientStatus;
  reason: string | null;
}

export interface CampaignRecipient {
  campaignId: string;
  clientId: string;
  status: RecipientStatus;
  reason: string | null;
}

function toRecipient(row: CampaignRecipientRow): CampaignRecipient {
  return { campaignId: row.campaign_id, clientId: row.client_id, status: row.status, reason: row.reason };
}

export interface RecipientKey {
  campaignId: string;
  clientId: string;
}

export interface ClaimedRecipient {
  email: string;
  firstName: string | null;
  lastName: string | null;
  language: Language;
}

export interface RecipientCounts {
  targeted: number;
  queued: number;
  sending: number;
  sent: number;
  skipped: number;
  failed: number;
  interrupted: number;
  stuck: number;
}

/** A row the claim statement returns: `n` is the key's 1-based position in the batch. */
export interface ClaimRow {
  n: number;
  email: string;
  first_name: string | null;
  last_name: string | null;
  language: Language;
}

/** The claim statement, derived once from the audience fragment; only its first two parameters change. */
export interface ClaimStatement {
  sql: string;
  params: unknown[];
}

/**
 * A batch's keys as rows, numbered. The arrays sit behind sub-selects so that the planner estimates
 * them alike on every run of the prepared statement: an array it can see gives each custom plan the
 * batch's exact size, the generic plan then always looks dearer, and PostgreSQL plans the statement
 * afresh on every run (the "sent" mark with its record: 0.35 ms of planning per run, more than
 * running it). With equal estimates it keeps the generic plan after the first five runs.
 */
const KEY_ROWS = `unnest((SELECT $1::uuid[]), (SELECT $2::uuid[])) WITH ORDINALITY AS t(campaign_id, client_id, n)`;

/** A batch's keys as the two array literals KEY_ROWS takes (campaign ids, client ids). */
function keyLiterals(keys: RecipientKey[]): [string, string] {
  return [textArrayLiteral(keys.map((k) => k.campaignId)), textArrayLiteral(keys.map((k) => k.clientId))];
}

/**
 * The `campaign_recipient` table. The send path runs its statements thousands of times a minute:
 * claims and "sent" marks are one statement for many jobs, as named prepared statements.
 */
@Injectable()
export class CampaignRecipientRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignRepository,
    private readonly clients: ClientsService,
  ) {}

  /** The count of a campaign's recipients as a scalar subquery (the campaign id as $1). */
  targetedSql(): string {
    return `(SELECT count(*) FROM campaign_recipient WHERE campaign_id = $1)`;
  }

  /**
   * One fan-out chunk as one statement: `pickedSql` selects the next clients (named parameters
   * `:after` and `:size` included); they are inserted as queued recipients, and each picked id
   * says whether its send job is to be (re-)enqueued.
   */
  fanOutChunkSql(pickedSql: string): string {
    return `WITH picked AS (${pickedSql}),
      inserted AS (
        INSERT INTO campaign_recipient (campaign_id, client_id)
        SELECT :campaignId::uuid, id FROM picked
        ON CONFLICT (campaign_id, client_id) DO NOTHING RETURNING client_id)
      SELECT p.id::text AS id,
             (p.id IN (SELECT client_id FROM inserted)
              OR EXISTS (SELECT 1 FROM campaign_recipient r
                          WHERE r.campaign_id = :campaignId::uuid AND r.client_id = p.id AND r.status = 'queued')) AS enqueue
        FROM picked p ORDER BY p.id`;
  }

  insertChunk(
    manager: EntityManager,
    chunkSql: string,
    named: Record<string, unknown>,
  ): Promise<Array<{ id: string; enqueue: boolean }>> {
    const { sql, params } = toPositional(chunkSql, named);
    return manager.query(sql, params);
  }

  /** Recipients skipped by a cancel, in client id order after `after` (their jobs are purged). */
  async cancelledAfter(campaignId: string, after: string, limit: number): Promise<string[]> {
    const rows: Array<{ client_id: string }> = await this.dataSource.query(
      `SELECT client_id::text FROM campaign_recipient
        WHERE campaign_id = $1 AND status = 'skipped' AND reason = 'cancelled' AND client_id > $2::uuid
        ORDER BY client_id LIMIT ${limit}`,
      [campaignId, after],
    );
    return rows.map((r) => r.client_id);
  }

  /**
   * The claim (queued → sending) for many keys at once, re-checking per row the audience condition
   * (`eligible`, over the client alias `c`) and that the campaign still runs.
   */
  claimStatement(eligible: SqlFragment): ClaimStatement {
    return toPositional(
      `UPDATE campaign_recipient r
          SET status = 'sending', sending_at = now(), attempts = r.attempts + 1, reason = NULL
         FROM ${KEY_ROWS},
              ${this.clients.fromSql('c')}, ${this.campaigns.fromSql('cp')}
        WHERE r.campaign_id = t.campaign_id AND r.client_id = t.client_id AND r.status = 'queued'
          AND c.id = r.client_id AND cp.id = r.campaign_id AND cp.status = 'running' AND ${eligible.sql}
        RETURNING t.n::int AS n, c.email, c.first_name, c.last_name, c.language`,
      eligible.params,
      [null, null],
    );
  }

  /**
   * The claim for `keys` as a statement to run alongside the "sent" marks and their record
   * (AuditRecorder.recordWithChangeAlongside); its rows read with claimedFrom.
   */
  claimAlongside(statement: ClaimStatement, keys: RecipientKey[]): AlongsideStatement {
    return {
      name: 'consentry_campaign_claim',
      sql: statement.sql,
      params: [...keyLiterals(keys), ...statement.params.slice(2)],
    };
  }

  /** Per key of a claim of `count` keys, the address and names, or null when its row was not claimed. */
  claimedFrom(rows: ClaimRow[], count: number): Array<ClaimedRecipient | null> {
    // A key given twice in one batch matches its row once: only the first submitter gets it.
    const claimed: Array<ClaimedRecipient | null> = Array.from({ length: count }, () => null);
    for (const r of rows)
      claimed[r.n - 1] = {
        email: r.email,
        firstName: r.first_name,
        lastName: r.last_name,
        language: r.language,
      };
    return claimed;
  }

  /** "Sent" for many keys, as the change the record of operations is written along with. */
  sentChange(keys: RecipientKey[]): RecordedChange {
    return {
      name: 'consentry_campaign_sent',
      sql: `UPDATE campaign_recipient r SET status = 'sent', reason = NULL, finished_at = now()
              FROM ${KEY_ROWS}
             WHERE r.campaign_id = t.campaign_id AND r.client_id = t.client_id
               AND (r.status = 'sending' OR (r.status = 'failed' AND r.reason = 'interrupted'))
            RETURNING t.n`,
      params: keyLiterals(keys),
    };
  }

  /**
   * Skips a queued row when the campaign stopped or `reason` (over the client alias `c`) names why
   * the client is no longer a recipient; answers the reason, or null when nothing was skipped.
   */
  async skipQueued(
    manager: EntityManager,
    key: RecipientKey,
    reason: SqlFragment,
  ): Promise<AuditReason | null> {
    const { sql, params } = toPositional(
      `UPDATE campaign_recipient r
          SET status = 'skipped', finished_at = now(),
              reason = CASE WHEN cp.status <> 'running' THEN 'cancelled' ELSE ${reason.sql} END
         FROM ${this.campaigns.fromSql('cp')}, ${this.clients.fromSql('c')}
        WHERE r.campaign_id = :campaignId::uuid AND r.client_id = :clientId::uuid AND r.status = 'queued'
          AND cp.id = r.campaign_id AND c.id = r.client_id
          AND (cp.status <> 'running' OR ${reason.sql} IS NOT NULL)
        RETURNING r.reason`,
      { ...reason.params, campaignId: key.campaignId, clientId: key.clientId },
    );
    const [updated]: [Array<{ reason: AuditReason }>, number] = await manager.query(sql, params);
    return updated[0]?.reason ?? null;
  }

  async find(key: RecipientKey): Promise<CampaignRecipient | null> {
    const rows: CampaignRecipientRow[] = await this.dataSource.query(
      `SELECT campaign_id::text, client_id::text, status, reason FROM campaign_recipient
        WHERE campaign_id = $1 AND client_id = $2`,
      [key.campaignId, key.clientId],
    );
    return rows[0] ? toRecipient(rows[0]) : null;
  }

  /** A row found mid-send when its job runs again: failed as interrupted; false when it was not. */
  async markInterrupted(manager: EntityManager, key: RecipientKey): Promise<boolean> {
    const [updated]: [unknown[], number] = await manager.query(
      `UPDATE campaign_recipient SET status = 'failed', reason = 'interrupted', finished_at = now()
        WHERE campaign_id = $1 AND client_id = $2 AND status = 'sending' RETURNING 1`,
      [key.campaignId, key.clientId],
    );
    return updated.length > 0;
  }

  /** Back to queued for another attempt (a temporary delivery failure). */
  async requeue(manager: EntityManager, key: RecipientKey, reason: string): Promise<void> {
    await manager.query(
      `UPDATE campaign_recipient SET status = 'queued', reason = $3, sending_at = NULL
        WHERE campaign_id = $1 AND client_id = $2 AND status = 'sending'`,
      [key.campaignId, key.clientId, reason],
    );
  }

  async markFailed(manager: EntityManager, key: RecipientKey, reason: string): Promise<void> {
    await manager.query(
      `UPDATE campaign_recipient SET status = 'failed', reason = $3, finished_at = now()
        WHERE campaign_id = $1 AND client_id = $2 AND status = 'sending'`,
      [key.campaignId, key.clientId, reason],
    );
  }

  /** A cancel skips every queued recipient; answers their client ids. */
  async skipQueuedOfCancelled(manager: EntityManager, campaignId: string): Promise<string[]> {
    const [skipped]: [Array<{ client_id: string }>, number] = await manager.query(
      `UPDATE campaign_recipient SET status = 'skipped', reason = 'cancelled', finished_at = now()
        WHERE campaign_id = $1 AND status = 'queued' RETURNING client_id`,
      [campaignId],
    );
    return skipped.map((r) => r.client_id);
  }

  /** A page of a campaign's recipients in client id order (ids and statuses only). */
  async page(
    campaignId: string,
    filter: { status?: RecipientStatus; after?: string; limit: number },
  ): Promise<CampaignRecipient[]> {
    const params: unknown[] = [campaignId];
    const where = ['campaign_id = $1'];
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.after) {
      params.push(filter.after);
      where.push(`client_id > $${params.length}::uuid`);
    }
    const rows: CampaignRecipientRow[] = await this.dataSource.query(
      `SELECT campaign_id::text, client_id::text, status, reason FROM campaign_recipient
        WHERE ${where.join(' AND ')} ORDER BY client_id LIMIT ${filter.limit}`,
      params,
    );
    return rows.map(toRecipient);
  }

  /** Live counts per status; rows sending for longer than `stuckAfterSeconds` count as stuck. */
  async counts(
    manager: EntityManager,
    campaignId: string,
    stuckAfterSeconds: number,
  ): Promise<RecipientCounts> {
    const [row]: RecipientCounts[] = await manager.query(
      `SELECT count(*)::int AS targeted,
              count(*) FILTER (WHERE status = 'queued')::int AS queued,
              count(*) FILTER (WHERE status = 'sending')::int AS sending,
              count(*) FILTER (WHERE status = 'sent')::int AS sent,
              count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'failed' AND reason = 'interrupted')::int AS interrupted,
              count(*) FILTER (WHERE status = 'sending' AND sending_at < now() - make_interval(secs => $2))::int AS stuck
         FROM campaign_recipient WHERE campaign_id = $1`,
      [campaignId, stuckAfterSeconds],
    );
    return row;
  }

  /** Erasure: the persons' queued mail ends as skipped ("erased"), in the erasing transaction. */
  async skipQueuedForErasure(manager: EntityManager, clientIds: string[]): Promise<void> {
    await manager.query(
      `UPDATE campaign_recipient SET status = 'skipped', reason = 'erased', finished_at = now()
        WHERE client_id = ANY($1::uuid[]) AND status = 'queued'`,
      [clientIds],
    );
  }

  /** Erasure: every (campaign, client) of the persons, whose send jobs are then removed. */
  async keysForErasure(clientIds: string[]): Promise<RecipientKey[]> {
    const rows: Array<{ campaign_id: string; client_id: string }> = await this.dataSource.query(
      `SELECT campaign_id, client_id FROM campaign_recipient WHERE client_id = ANY($1::uuid[])`,
      [clientIds],
    );
    return rows.map((r) => ({ campaignId: r.campaign_id, clientId: r.client_id }));
  }

  /** Every campaign mail of a client, oldest first, for the person's own access report (no purpose). */
  historyForDataSubject(clientId: string, manager?: EntityManager): Promise<RecipientHistoryEntry[]> {
    return (manager ?? this.dataSource.manager).query(
      `SELECT campaign_id AS "campaignId", status, reason,
              to_char(queued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "queuedAt",
              to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "finishedAt"
         FROM campaign_recipient WHERE client_id = $1 ORDER BY queued_at`,
      [clientId],
    );
  }
}

export interface RecipientHistoryEntry {
  campaignId: string;
  status: string;
  reason: string | null;
  queuedAt: string;
  finishedAt: string | null;
}
