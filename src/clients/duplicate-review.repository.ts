import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { toPositional } from '@app/common/database/sql';
import { newestFirstAfter } from '@app/common/http/pagination';
import { DuplicateReviewResponseDto } from './duplicate-review.dto';

/** A duplicate review as stored. */
export interface DuplicateReviewRow {
  id: string;
  client_id: string;
  attempted_on: string | null;
  requested_by: string;
  requested_under: string;
  attempts: number;
  status: 'open' | 'resolved';
  created_at: Date;
  last_attempt_at: Date;
  resolution: DuplicateReviewResponseDto['resolution'];
  note: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
}

const COLUMNS = `id::text, client_id::text, attempted_on::text, requested_by::text, requested_under, attempts, status,
  created_at, last_attempt_at, resolution, note, resolved_by::text, resolved_at`;

/** The `client_duplicate_review` table: the only code whose SQL names it. */
@Injectable()
export class DuplicateReviewRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Opens a review, or counts one more attempt on the open review of the same caller and target. */
  async openOrRepeat(
    review: {
      holderId: string;
      attemptedOn: string | null;
      requestedBy: string | null;
      requestedUnder: string | null;
    },
    manager: EntityManager,
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO client_duplicate_review (client_id, attempted_on, requested_by, requested_under)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (client_id, requested_by, attempted_on) WHERE status = 'open'
       DO UPDATE SET attempts = client_duplicate_review.attempts + 1, last_attempt_at = now()
       RETURNING id::text`,
      [review.holderId, review.attemptedOn, review.requestedBy, review.requestedUnder],
    );
    return row.id;
  }

  /** A page, newest first. */
  async page(filter: {
    status?: string;
    cursor?: string;
    size: number;
  }): Promise<Array<DuplicateReviewRow & { cursor_at: string }>> {
    const named: Record<string, unknown> = {};
    const conditions = ['true'];
    if (filter.status) {
      named.status = filter.status;
      conditions.push('r.status = :status');
    }
    const after = newestFirstAfter(filter.cursor, 'r', named);
    if (after) conditions.push(after);
    const { sql, params } = toPositional(
      `SELECT ${COLUMNS}, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
         FROM client_duplicate_review r WHERE ${conditions.join(' AND ')}
        ORDER BY r.created_at DESC, r.id DESC LIMIT ${filter.size + 1}`,
      named,
    );
    return this.dataSource.query(sql, params);
  }

  async lock(id: string, manager: EntityManager): Promise<DuplicateReviewRow | null> {
    const [row]: DuplicateReviewRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM client_duplicate_review WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  async resolve(
    id: string,
    resolution: { resolution: string; note: string | null; by: string | null },
    manager: EntityManager,
  ): Promise<DuplicateReviewRow> {
    const [updated]: [DuplicateReviewRow[], number] = await manager.query(
      `UPDATE client_duplicate_review SET status = 'resolved', resolution = $2, note = $3, resolved_by = $4, resolved_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, resolution.resolution, resolution.note, resolution.by],
    );
    return updated[0];
  }
}
