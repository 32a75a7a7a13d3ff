import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { toPositional } from '@app/common/database/sql';
import { Page, encodeCursor, newestFirstAfter, pageSize } from '@app/common/http/pagination';
import type { Purpose, Role } from '@app/privacy';
import {
  DuplicateReviewError,
  DuplicateReviewNotFoundError,
  DuplicateReviewResolvedError,
} from './clients.errors';
import {
  DuplicateReviewResponseDto,
  ListDuplicateReviewsQueryDto,
  ResolveDuplicateReviewDto,
} from './duplicate-review.dto';

interface ReviewActor {
  staffId: string;
  role: Role;
  purpose: Purpose | null;
}

interface ReviewRow {
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

/** Thrown inside a client write's transaction to leave it when another client holds the PESEL. */
export class PeselHeldError extends Error {
  constructor(readonly holderId: string) {
    super('PESEL held by another client');
    this.name = 'PeselHeldError';
  }
}

const COLUMNS = `id::text, client_id::text, attempted_on::text, requested_by::text, requested_under, attempts, status,
  created_at, last_attempt_at, resolution, note, resolved_by::text, resolved_at`;

/**
 * Duplicate reviews. A write whose PESEL another client holds must not tell the caller about that
 * client, visible to it or not: the caller gets the same 409 DUPLICATE_REVIEW every time, and the
 * attempt becomes a review the data protection officer sees and resolves. The answer takes the
 * same path whether or not the caller could see the holder (visibility is never computed here).
 */
@Injectable()
export class DuplicateReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditRecorder,
  ) {}

  /** The client holding the PESEL (by its keyed hash), other than `exceptId`; null when none. */
  async holderOf(
    manager: EntityManager,
    peselIndex: string,
    exceptId: string | null,
  ): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id::text FROM client WHERE pesel_index = $1 AND id IS DISTINCT FROM $2::uuid`,
      [peselIndex, exceptId],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Runs a client write; when it finds (PeselHeldError) or collides with (the unique index) a
   * client holding the PESEL, opens the review and throws the answer instead.
   */
  async guard<T>(
    actor: ReviewActor,
    attempt: {
      action: 'create' | 'update';
      attemptedOn: string | null;
      fields: string[];
      peselIndex: string | null;
    },
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      let holder = error instanceof PeselHeldError ? error.holderId : null;
      if (!holder && attempt.peselIndex && isPeselCollision(error)) {
        holder = await this.holderOf(this.dataSource.manager, attempt.peselIndex, attempt.attemptedOn);
      }
      if (!holder) throw error;
      throw await this.open(actor, holder, attempt);
    }
  }

  private async open(
    actor: ReviewActor,
    holderId: string,
    attempt: { action: 'create' | 'update'; attemptedOn: string | null; fields: string[] },
  ): Promise<DuplicateReviewError> {
    const reviewId = await this.dataSource.transaction(async (manager) => {
      const [row]: Array<{ id: string }> = await manager.query(
        `INSERT INTO client_duplicate_review (client_id, attempted_on, requested_by, requested_under)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (client_id, requested_by, attempted_on) WHERE status = 'open'
         DO UPDATE SET attempts = client_duplicate_review.attempts + 1, last_attempt_at = now()
         RETURNING id::text`,
        [holderId, attempt.attemptedOn, actor.staffId, actor.purpose],
      );
      const clientIds = attempt.attemptedOn ? [holderId, attempt.attemptedOn] : [holderId];
      await this.audit.recordMany(
        [
          {
            action: attempt.action,
            resource: 'client',
            resourceId: attempt.attemptedOn,
            clientIds,
            fields: attempt.fields,
            outcome: 'denied',
            reason: 'DUPLICATE_REVIEW',
          },
          {
            action: 'create',
            resource: 'duplicate_review',
            resourceId: row.id,
            clientIds,
            outcome: 'allowed',
          },
        ],
        manager,
      );
      return row.id;
    });
    return new DuplicateReviewError(reviewId);
  }

  async list(
    _actor: ReviewActor,
    query: ListDuplicateReviewsQueryDto,
  ): Promise<Page<DuplicateReviewResponseDto>> {
    const named: Record<string, unknown> = {};
    const conditions = ['true'];
    if (query.status) {
      named.status = query.status;
      conditions.push('r.status = :status');
    }
    const after = newestFirstAfter(query.cursor, 'r', named);
    if (after) conditions.push(after);
    const size = pageSize(query.limit);
    const { sql, params } = toPositional(
      `SELECT ${COLUMNS}, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
         FROM client_duplicate_review r WHERE ${conditions.join(' AND ')}
        ORDER BY r.created_at DESC, r.id DESC LIMIT ${size + 1}`,
      named,
    );
    const rows: Array<ReviewRow & { cursor_at: string }> = await this.dataSource.query(sql, params);
    const page = rows.slice(0, size);
    const items = page.map(view);
    await this.audit.record({
      action: 'list',
      resource: 'duplicate_review',
      clientIds: [
        ...new Set(items.flatMap((i) => (i.attemptedOn ? [i.clientId, i.attemptedOn] : [i.clientId]))),
      ],
      outcome: 'allowed',
    });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > size && last ? encodeCursor([last.cursor_at, last.id]) : null };
  }

  async resolve(
    actor: ReviewActor,
    id: string,
    input: ResolveDuplicateReviewDto,
  ): Promise<DuplicateReviewResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: ReviewRow[] = await manager.query(
        `SELECT ${COLUMNS} FROM client_duplicate_review WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row || row.status !== 'open') {
        await this.audit.record({
          action: 'update',
          resource: 'duplicate_review',
          resourceId: id,
          clientIds: row ? [row.client_id] : [],
          fields: ['resolution'],
          outcome: 'denied',
          reason: row ? 'DUPLICATE_REVIEW_RESOLVED' : 'NOT_FOUND',
        });
        throw row ? new DuplicateReviewResolvedError() : new DuplicateReviewNotFoundError();
      }
      const [updated]: [ReviewRow[], number] = await manager.query(
        `UPDATE client_duplicate_review SET status = 'resolved', resolution = $2, note = $3, resolved_by = $4, resolved_at = now()
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, input.resolution, input.note ?? null, actor.staffId],
      );
      await this.audit.record(
        {
          action: 'update',
          resource: 'duplicate_review',
          resourceId: id,
          clientIds: [row.client_id],
          fields: input.note ? ['resolution', 'note'] : ['resolution'],
          outcome: 'allowed',
        },
        manager,
      );
      return view(updated[0]);
    });
  }
}

function isPeselCollision(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { constraint?: string } };
  return (
    String(e.code) === '23505' && (e.constraint ?? e.driverError?.constraint) === 'client_pesel_index_key'
  );
}

function view(r: ReviewRow): DuplicateReviewResponseDto {
  return {
    id: r.id,
    clientId: r.client_id,
    attemptedOn: r.attempted_on,
    requestedBy: r.requested_by,
    requestedUnder: r.requested_under,
    attempts: r.attempts,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    lastAttemptAt: new Date(r.last_attempt_at).toISOString(),
    resolution: r.resolution,
    note: r.note,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
  };
}
