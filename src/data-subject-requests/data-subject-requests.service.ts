import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { ConflictError } from '@app/common/errors/domain-error';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import { PersonalDataLifecycle, PrivacyScope } from '@app/privacy';
import {
  DataSubjectRequestResponseDto,
  ListDataSubjectRequestsQueryDto,
  VerifyIdentityDto,
} from './data-subject-request.dto';
import { DataSubjectRequestRepository, RequestRow } from './data-subject-request.repository';
import { subjectIds, view } from './data-subject-request.view';
import {
  AlreadyExtendedError,
  AlreadyVerifiedError,
  DeadlinePassedError,
  RequestClosedError,
} from './data-subject-requests.errors';
import { extendedDueDate, isOverdue } from './due-date';

/** Request fields a response carries, named in the record of operations. */
const VIEW_FIELDS = [
  'type',
  'status',
  'receivedAt',
  'dueAt',
  'notes',
  'extension',
  'identity',
  'referral',
  'outcome',
  'rejectionReason',
  'delivery',
];

/**
 * A change of an open request's state that answers nothing: `refuse` names what else stops it,
 * `write` makes it in the caller's transaction, `recorded` names the request fields the entry in the
 * record of operations lists.
 */
interface Transition<Input> {
  /** `today` is the broker's date (BrokerClock). */
  refuse?: (row: RequestRow, today: string) => ConflictError | undefined;
  write: (
    requests: DataSubjectRequestRepository,
    row: RequestRow,
    input: Input,
    scope: PrivacyScope,
    manager: EntityManager,
  ) => Promise<void>;
  recorded: string[];
}

interface TransitionInputs {
  extend: { reason: string };
  verifyIdentity: VerifyIdentityDto;
  reject: { reason: string };
}

const TRANSITIONS: { [Name in keyof TransitionInputs]: Transition<TransitionInputs[Name]> } = {
  // Art. 12(3): once, by two further months (three months from receipt), with a written reason.
  extend: {
    refuse: (row, today) =>
      row.extended_at
        ? new AlreadyExtendedError()
        : isOverdue(row.due_at, today)
          ? new DeadlinePassedError(row.due_at)
          : undefined,
    write: (requests, row, { reason }, scope, manager) =>
      requests.extend(
        row.id,
        { dueAt: extendedDueDate(row.received_at), reason, by: scope.staffId },
        manager,
      ),
    recorded: ['dueAt', 'extensionReason'],
  },
  verifyIdentity: {
    refuse: (row) => (row.identity_verified_at ? new AlreadyVerifiedError() : undefined),
    write: (requests, row, { method, notes }, scope, manager) =>
      requests.verifyIdentity(row.id, { method, notes: notes ?? null, by: scope.staffId }, manager),
    recorded: ['identityMethod', 'identityNotes'],
  },
  reject: {
    write: (requests, row, { reason }, scope, manager) =>
      requests.reject(row.id, { reason, by: scope.staffId }, manager),
    recorded: ['status', 'rejectionReason'],
  },
};

/**
 * The workflow of requests under arts. 15-22: received with a due date (RequestIntake), extended
 * once, identity verified before anything is disclosed or executed, then answered (RequestAnswers,
 * RequestDisclosure) or rejected with a reason. Every request leaves one entry in the record of
 * operations. The request records are kept for their own period after closing and lose their notes
 * when the person is erased.
 */
@Injectable()
export class DataSubjectRequestsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: DataSubjectRequestRepository,
    private readonly audit: AuditRecorder,
    private readonly clock: BrokerClock,
    private readonly lifecycle: PersonalDataLifecycle,
  ) {}

  onModuleInit(): void {
    // Request records are kept for their own period after closing (registry: data_subject_rights).
    this.lifecycle.registerRecordPurge({
      name: 'data_subject_request',
      purpose: 'data_subject_rights',
      purge: (before, dryRun, manager) =>
        this.requests.purgeClosedBeforeForRetention(before, dryRun, manager),
    });
    // Notes of a request may describe the person; erasure removes them and keeps the request's facts.
    this.lifecycle.registerErasureStep({
      name: 'data_subject_request_notes',
      erase: (clientIds, manager) => this.requests.eraseNotesForErasure(clientIds, manager),
    });
  }

  async list(
    _scope: PrivacyScope,
    query: ListDataSubjectRequestsQueryDto,
  ): Promise<Page<DataSubjectRequestResponseDto>> {
    const today = this.clock.today();
    const size = pageSize(query.limit);
    const cursor = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.requests.page({
      status: query.status,
      type: query.type,
      overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
      today,
      after: cursor ? [cursor[0] as string, cursor[1] as string] : null,
      size,
    });
    const page = rows.slice(0, size);
    const items = page.map((r) => view(r, today));
    await this.audit.record({
      action: 'list',
      resource: 'data_subject_request',
      clientIds: [...new Set(page.map((r) => r.client_id).filter((id): id is string => id !== null))],
      fields: VIEW_FIELDS,
      outcome: 'allowed',
    });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > size && last ? encodeCursor([last.due_at, last.id]) : null };
  }

  async get(_scope: PrivacyScope, id: string): Promise<DataSubjectRequestResponseDto> {
    const row = await this.requests.find(id);
    await this.audit.record({
      action: 'read',
      resource: 'data_subject_request',
      resourceId: id,
      clientIds: subjectIds(row),
      fields: VIEW_FIELDS,
      outcome: 'allowed',
    });
    return view(row, this.clock.today());
  }

  /** Art. 12(3): once, by two further months (three months from receipt), with a written reason. */
  extend(scope: PrivacyScope, id: string, reason: string): Promise<DataSubjectRequestResponseDto> {
    return this.transition(scope, id, 'extend', { reason });
  }

  verifyIdentity(
    scope: PrivacyScope,
    id: string,
    input: VerifyIdentityDto,
  ): Promise<DataSubjectRequestResponseDto> {
    return this.transition(scope, id, 'verifyIdentity', input);
  }

  reject(scope: PrivacyScope, id: string, reason: string): Promise<DataSubjectRequestResponseDto> {
    return this.transition(scope, id, 'reject', { reason });
  }

  /**
   * Loads the request under lock, refuses a change its state does not allow, writes the change and
   * records it, all in one transaction.
   */
  private async transition<Name extends keyof TransitionInputs>(
    scope: PrivacyScope,
    id: string,
    name: Name,
    input: TransitionInputs[Name],
  ): Promise<DataSubjectRequestResponseDto> {
    const transition: Transition<TransitionInputs[Name]> = TRANSITIONS[name];
    return this.dataSource.transaction(async (manager) => {
      const row = await this.requests.lock(id, manager);
      if (row.status !== 'open') throw new RequestClosedError(row.status);
      const refusal = transition.refuse?.(row, this.clock.today());
      if (refusal) throw refusal;
      await transition.write(this.requests, row, input, scope, manager);
      await this.audit.record(
        {
          action: 'update',
          resource: 'data_subject_request',
          resourceId: id,
          clientIds: subjectIds(row),
          fields: transition.recorded,
          outcome: 'allowed',
        },
        manager,
      );
      return view(await this.requests.find(id, manager), this.clock.today());
    });
  }
}
