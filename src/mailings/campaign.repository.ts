import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { toPositional } from '@app/common/database/sql';
import { newestFirstAfter } from '@app/common/http/pagination';

/** A campaign as stored. */
export interface CampaignRow {
  id: string;
  name: string;
  channel: 'email';
  subject: string;
  body: string;
  line_of_business: string | null;
  status: 'draft' | 'running' | 'cancelled';
  created_at: Date;
  launched_at: Date | null;
  fanned_out_at: Date | null;
  cancelled_at: Date | null;
}

export interface Campaign {
  id: string;
  name: string;
  channel: 'email';
  subject: string;
  body: string;
  lineOfBusiness: string | null;
  status: 'draft' | 'running' | 'cancelled';
  createdAt: Date;
  launchedAt: Date | null;
  fannedOutAt: Date | null;
  cancelledAt: Date | null;
}

export interface NewCampaign {
  name: string;
  channel: 'email';
  subject: string;
  body: string;
  lineOfBusiness: string | null;
  createdBy: string;
}

function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    subject: row.subject,
    body: row.body,
    lineOfBusiness: row.line_of_business,
    status: row.status,
    createdAt: row.created_at,
    launchedAt: row.launched_at,
    fannedOutAt: row.fanned_out_at,
    cancelledAt: row.cancelled_at,
  };
}

/** The keyset of a newest-first page, as the cursor carries it. */
const SORT_KEY = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const COLUMNS = `id, name, channel, subject, body, line_of_business, status, created_at, launched_at,
  fanned_out_at, cancelled_at`;

/**
 * The `campaign` table. Campaigns hold no personal data (the audience is a filter, recipients are
 * in `campaign_recipient`), so its reads take no privacy scope.
 */
@Injectable()
export class CampaignRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The table as a FROM item, for the recipient statements that check the campaign in the same statement. */
  fromSql(alias: string): string {
    return `campaign ${alias}`;
  }

  async insert(manager: EntityManager, input: NewCampaign): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO campaign (name, channel, subject, body, line_of_business, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.name, input.channel, input.subject, input.body, input.lineOfBusiness, input.createdBy],
    );
    return row.id;
  }

  /**
   * Newest first, after the cursor's last row; one row more than `size` tells there is a next page.
   * Each row carries its sort key for the next cursor.
   */
  async page(filter: { cursor?: string; size: number }): Promise<Array<Campaign & { sortKey: string }>> {
    const named: Record<string, unknown> = {};
    const after = newestFirstAfter(filter.cursor, 'campaign', named);
    const { sql, params } = toPositional(
      `SELECT ${COLUMNS}, ${SORT_KEY} AS sort_key FROM campaign
        ${after ? `WHERE ${after}` : ''} ORDER BY created_at DESC, id DESC LIMIT ${filter.size + 1}`,
      named,
    );
    const rows: Array<CampaignRow & { sort_key: string }> = await this.dataSource.query(sql, params);
    return rows.map((r) => ({ ...toCampaign(r), sortKey: r.sort_key }));
  }

  /** `lock`: 'update' for a change of status, 'share' to keep the status while fan-out inserts. */
  async find(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock: 'update' | 'share' | null = null,
  ): Promise<Campaign | null> {
    const rows: CampaignRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM campaign WHERE id = $1${lock === 'update' ? ' FOR UPDATE' : lock === 'share' ? ' FOR SHARE' : ''}`,
      [id],
    );
    return rows[0] ? toCampaign(rows[0]) : null;
  }

  /** The status only, held shared until the transaction ends (a cancel waits for a fan-out chunk). */
  async statusForShare(manager: EntityManager, id: string): Promise<Campaign['status'] | null> {
    const [row]: Array<{ status: Campaign['status'] }> = await manager.query(
      `SELECT status FROM campaign WHERE id = $1 FOR SHARE`,
      [id],
    );
    return row?.status ?? null;
  }

  async markRunning(manager: EntityManager, id: string, staffId: string): Promise<void> {
    await manager.query(
      `UPDATE campaign SET status = 'running', launched_at = now(), launched_by = $2 WHERE id = $1`,
      [id, staffId],
    );
  }

  async markCancelled(manager: EntityManager, id: string, staffId: string): Promise<void> {
    await manager.query(
      `UPDATE campaign SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2 WHERE id = $1`,
      [id, staffId],
    );
  }

  /** Marks the fan-out done; `targetedSql` counts the recipients (with the id as $1). */
  async markFannedOut(id: string, targetedSql: string): Promise<number> {
    const [rows]: [Array<{ targeted: number }>, number] = await this.dataSource.query(
      `UPDATE campaign SET fanned_out_at = coalesce(fanned_out_at, now()), targeted = ${targetedSql}
        WHERE id = $1 RETURNING targeted`,
      [id],
    );
    return rows[0]?.targeted ?? 0;
  }

  async template(id: string): Promise<{ subject: string; body: string }> {
    const [row]: Array<{ subject: string; body: string }> = await this.dataSource.query(
      `SELECT subject, body FROM campaign WHERE id = $1`,
      [id],
    );
    return row;
  }
}
