import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { Page, encodeCursor, pageSize } from '@app/common/http/pagination';
import type { PrivacyScope } from '@app/privacy';
import { ClientRepository } from './client.repository';
import { DuplicateReviewRepository, DuplicateReviewRow } from './duplicate-review.repository';
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

/** Thrown inside a client write's transaction to leave it when another client holds the PESEL. */
export class PeselHeldError extends Error {
  constructor(readonly holderId: string) {
    super('PESEL held by another client');
    this.name = 'PeselHeldError';
  }
}

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
    private readonly reviews: DuplicateReviewRepository,
    private readonly clients: ClientRepository,
    private readonly audit: AuditRecorder,
  ) {}

  /**
   * Runs a client write; when it finds (PeselHeldError) or collides with (the unique index) a
   * client holding the PESEL, opens the review and throws the answer instead.
   */
  async guard<T>(
    scope: PrivacyScope,
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
        holder = await this.clients.holderOfPesel(
          this.dataSource.manager,
          attempt.peselIndex,
          attempt.attemptedOn,
        );
      }
      if (!holder) throw error;
      throw await this.open(scope, holder, attempt);
    }
  }

  private async open(
    scope: PrivacyScope,
    holderId: string,
    attempt: { action: 'create' | 'update'; attemptedOn: string | null; fields: string[] },
  ): Promise<DuplicateReviewError> {
    const review = await this.dataSource.transaction(async (manager) => {
      const id = await this.reviews.openOrRepeat(
        {
          holderId,
          attemptedOn: attempt.attemptedOn,
          requestedBy: scope.staffId,
          requestedUnder: scope.purpose,
        },
        manager,
      );
      const clientIds = attempt.attemptedOn ? [holderId, attempt.attemptedOn] : [holderId];
      await this.audit.record(
        { action: 'create', resource: 'duplicate_review', resourceId: id, clientIds, outcome: 'allowed' },
        manager,
      );
      return { id, clientIds };
    });
    const error = new DuplicateReviewError(review.id);
    // The refused write itself is recorded by the edge, from what the error carries.
    error.deniedAttempt = {
      action: attempt.action,
      resource: 'client',
      resourceId: attempt.attemptedOn,
      clientIds: review.clientIds,
      fields: attempt.fields,
      reason: 'DUPLICATE_REVIEW',
    };
    return error;
  }

  async list(
    _scope: PrivacyScope,
    query: ListDuplicateReviewsQueryDto,
  ): Promise<Page<DuplicateReviewResponseDto>> {
    const size = pageSize(query.limit);
    const rows = await this.reviews.page({ status: query.status, cursor: query.cursor, size });
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
    scope: PrivacyScope,
    id: string,
    input: ResolveDuplicateReviewDto,
  ): Promise<DuplicateReviewResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.reviews.lock(id, manager);
      if (!row || row.status !== 'open') {
        scope.deny(
          {
            action: 'update',
            resource: 'duplicate_review',
            resourceId: id,
            clientIds: row ? [row.client_id] : [],
            fields: ['resolution'],
            reason: row ? 'DUPLICATE_REVIEW_RESOLVED' : 'NOT_FOUND',
          },
          row ? new DuplicateReviewResolvedError() : new DuplicateReviewNotFoundError(),
        );
      }
      const updated = await this.reviews.resolve(
        id,
        { resolution: input.resolution, note: input.note ?? null, by: scope.staffId },
        manager,
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
      return view(updated);
    });
  }
}

function isPeselCollision(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { constraint?: string } };
  return (
    String(e.code) === '23505' && (e.constraint ?? e.driverError?.constraint) === 'client_pesel_index_key'
  );
}

function view(r: DuplicateReviewRow): DuplicateReviewResponseDto {
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
