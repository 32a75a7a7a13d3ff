import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder, type AuditReason, type AuditResource } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { ConflictError } from '@app/common/errors/domain-error';
import { toPositional } from '@app/common/database/sql';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import {
  CONSENT_PURPOSES,
  ConsentPurpose,
  PersonalDataLifecycle,
  purposesSeeingErasureRefused,
} from '@app/privacy';
import { ClientActor, ClientsService, scopeOf } from '../clients';
import { ConsentsService } from '../consents';
import {
  ERASED_CLIENT_FIELDS,
  ErasureService,
  RetentionService,
  erasureGrounds,
  isCalendarDate,
  runningDuties,
} from '../retention';
import {
  AccessReport,
  AccessReportService,
  EXPORT_FIELDS,
  PortabilityExport,
  REPORT_FIELDS,
} from './access-report.service';
import {
  CreateDataSubjectRequestDto,
  DataSubjectRequestCreatedDto,
  DataSubjectRequestResponseDto,
  DataSubjectRequestType,
  ExecuteDataSubjectRequestDto,
  ListDataSubjectRequestsQueryDto,
  VerifyIdentityDto,
} from './data-subject-request.dto';
import {
  AlreadyExtendedError,
  AlreadyVerifiedError,
  DeadlinePassedError,
  ExecutionInputError,
  IdentityNotVerifiedError,
  InvalidReceivedDateError,
  MandateSubjectNotFoundError,
  MandateSubjectsUnavailableError,
  OneSubjectRequiredError,
  RequestClosedError,
  WrongRequestTypeError,
} from './data-subject-requests.errors';
import { answerDueDate, extendedDueDate, isOverdue } from './due-date';
import { RequestRow, SELECT_REQUEST, loadRequest, subjectIds, view } from './data-subject-request.view';
import { MANDATE_SUBJECT_DIRECTORY, MandateSubjectDirectory } from './mandate-subject-directory';

const RESOURCE: AuditResource = 'data_subject_request';

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

/** What executing a request did; stored with the request and returned. */
export type ExecutionOutcome = Record<string, unknown> & { action: string };

/**
 * A change of a request's state. Only an open request changes; `refuse` names what else stops the
 * change. `set` gives the columns written, as SQL assignments over $2.. ($1 is the request's id)
 * with their values.
 */
interface Transition<Input> {
  /** `today` is the broker's date (BrokerClock). */
  refuse?: (row: RequestRow, today: string) => ConflictError | undefined;
  set: (row: RequestRow, input: Input, actor: ClientActor) => { assignments: string; values: unknown[] };
}

/** A change recorded as an update of the request itself. */
interface RecordedTransition<Input> extends Transition<Input> {
  /** Request fields the entry in the record of operations names. */
  recorded: string[];
}

interface TransitionInputs {
  extend: { reason: string };
  verifyIdentity: VerifyIdentityDto;
  reject: { reason: string };
}

const TRANSITIONS: { [Name in keyof TransitionInputs]: RecordedTransition<TransitionInputs[Name]> } = {
  // Art. 12(3): once, by two further months (three months from receipt), with a written reason.
  extend: {
    refuse: (row, today) =>
      row.extended_at
        ? new AlreadyExtendedError()
        : isOverdue(row.due_at, today)
          ? new DeadlinePassedError(row.due_at)
          : undefined,
    set: (row, { reason }, actor) => ({
      assignments: 'due_at = $2, extended_at = now(), extension_reason = $3, extended_by = $4',
      values: [extendedDueDate(row.received_at), reason, actor.staffId],
    }),
    recorded: ['dueAt', 'extensionReason'],
  },
  verifyIdentity: {
    refuse: (row) => (row.identity_verified_at ? new AlreadyVerifiedError() : undefined),
    set: (_row, { method, notes }, actor) => ({
      assignments:
        'identity_verified_at = now(), identity_method = $2, identity_notes = $3, identity_verified_by = $4',
      values: [method, notes ?? null, actor.staffId],
    }),
    recorded: ['identityMethod', 'identityNotes'],
  },
  reject: {
    set: (_row, { reason }, actor) => ({
      assignments: "status = 'rejected', rejection_reason = $2, closed_at = now(), closed_by = $3",
      values: [reason, actor.staffId],
    }),
    recorded: ['status', 'rejectionReason'],
  },
};

/**
 * Closing a request as answered. Nothing is disclosed or executed for a person whose identity is
 * unverified; the operation that answers the request records what it did.
 */
const COMPLETION: Transition<ExecutionOutcome> = {
  refuse: (row) => (row.identity_verified_at ? undefined : new IdentityNotVerifiedError()),
  set: (_row, outcome, actor) => ({
    assignments: "status = 'done', outcome = $2, closed_at = now(), closed_by = $3",
    values: [JSON.stringify(outcome), actor.staffId],
  }),
};

/**
 * The workflow of requests under arts. 15-22: received with a due date (one calendar month),
 * extended once, identity verified before anything is disclosed or executed, then answered
 * (report, export, execution) or rejected with a reason. Requests about persons processed for an
 * insurer are referred to that insurer at once. Every request leaves one entry in the record of
 * operations.
 */
@Injectable()
export class DataSubjectRequestsService implements OnModuleInit {
  private readonly logger = new Logger(DataSubjectRequestsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
    private readonly consents: ConsentsService,
    private readonly retention: RetentionService,
    private readonly erasure: ErasureService,
    private readonly reports: AccessReportService,
    private readonly audit: AuditRecorder,
    private readonly moduleRef: ModuleRef,
    private readonly clock: BrokerClock,
    private readonly lifecycle: PersonalDataLifecycle,
    @Optional() @Inject(MANDATE_SUBJECT_DIRECTORY) private directory?: MandateSubjectDirectory,
  ) {}

  onModuleInit(): void {
    // The mandates module may provide the directory anywhere in the application.
    if (!this.directory) {
      try {
        this.directory = this.moduleRef.get<MandateSubjectDirectory>(MANDATE_SUBJECT_DIRECTORY, {
          strict: false,
        });
      } catch {
        this.logger.warn('No mandate subject directory: requests about mandate subjects cannot be referred');
      }
    }
    // Request records are kept for their own period after closing (registry: data_subject_rights).
    this.lifecycle.registerRecordPurge({
      name: RESOURCE,
      purpose: 'data_subject_rights',
      purge: async (before, dryRun, manager) => {
        type Row = { client_id: string | null };
        // DELETE ... RETURNING answers [rows, affected count] through TypeORM's postgres driver.
        const rows: Row[] = dryRun
          ? await manager.query(`SELECT client_id FROM data_subject_request WHERE closed_at < $1`, [before])
          : (
              (await manager.query(
                `DELETE FROM data_subject_request WHERE closed_at < $1 RETURNING client_id`,
                [before],
              )) as [Row[], number]
            )[0];
        return {
          count: rows.length,
          clientIds: rows.map((r) => r.client_id).filter((id): id is string => id !== null),
        };
      },
    });
    // Notes of a request may describe the person; erasure removes them and keeps the request's facts.
    this.lifecycle.registerErasureStep({
      name: 'data_subject_request_notes',
      erase: async (clientIds, manager) => {
        await manager.query(
          `UPDATE data_subject_request SET notes = NULL, identity_notes = NULL,
                  extension_reason = CASE WHEN extension_reason IS NULL THEN NULL ELSE 'erased' END,
                  rejection_reason = CASE WHEN rejection_reason IS NULL THEN NULL ELSE 'erased' END
            WHERE client_id = ANY($1::uuid[])
              AND (notes IS NOT NULL OR identity_notes IS NOT NULL OR extension_reason IS NOT NULL OR rejection_reason IS NOT NULL)`,
          [clientIds],
        );
      },
    });
  }

  async create(
    actor: ClientActor,
    input: CreateDataSubjectRequestDto,
  ): Promise<DataSubjectRequestCreatedDto & { referral?: Record<string, unknown> }> {
    const fields = Object.keys(input).filter(
      (k) => (input as unknown as Record<string, unknown>)[k] !== undefined,
    );
    if (Boolean(input.clientId) === Boolean(input.mandateSubjectId)) throw new OneSubjectRequiredError();
    const today = this.clock.today();
    const receivedAt = input.receivedAt ?? today;
    if (!isCalendarDate(receivedAt)) throw new InvalidReceivedDateError('receivedAt is not a calendar date');
    if (receivedAt > today) throw new InvalidReceivedDateError('receivedAt lies in the future');
    const dueAt = answerDueDate(receivedAt);

    if (input.mandateSubjectId) return this.refer(actor, input, receivedAt, dueAt, fields);

    const clientId = input.clientId!;
    await this.clients.requireVisible(scopeOf(actor), clientId, { action: 'create', resource: RESOURCE });
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(
        clientId,
        { action: 'create', resource: RESOURCE, fields },
        manager,
      );
      const [row]: Array<{ id: string }> = await manager.query(
        `INSERT INTO data_subject_request (client_id, type, status, received_at, due_at, notes, created_by)
         VALUES ($1, $2, 'open', $3, $4, $5, $6) RETURNING id`,
        [clientId, input.type, receivedAt, dueAt, input.notes ?? null, actor.staffId],
      );
      await this.audit.record(
        {
          action: 'create',
          resource: RESOURCE,
          resourceId: row.id,
          clientIds: [clientId],
          fields,
          outcome: 'allowed',
        },
        manager,
      );
      return { id: row.id, status: 'open' as const, dueAt };
    });
  }

  /** A mandate subject's request: the insurer is the controller, so it is referred there at once. */
  private async refer(
    actor: ClientActor,
    input: CreateDataSubjectRequestDto,
    receivedAt: string,
    dueAt: string,
    fields: string[],
  ) {
    const subjectId = input.mandateSubjectId!;
    if (!this.directory) {
      await this.audit.record({
        action: 'create',
        resource: RESOURCE,
        fields,
        outcome: 'denied',
        reason: 'MANDATE_SUBJECTS_UNAVAILABLE',
      });
      throw new MandateSubjectsUnavailableError();
    }
    const controller = await this.directory.findController(subjectId);
    if (!controller) {
      await this.audit.record({
        action: 'create',
        resource: RESOURCE,
        fields,
        outcome: 'denied',
        reason: 'MANDATE_SUBJECT_NOT_FOUND',
      });
      throw new MandateSubjectNotFoundError();
    }
    const referral = {
      insurerId: controller.insurerId,
      insurerName: controller.insurerName,
      dsrContactEmail: controller.dsrContactEmail,
      referredAt: new Date().toISOString(),
    };
    return this.dataSource.transaction(async (manager) => {
      const [row]: Array<{ id: string }> = await manager.query(
        `INSERT INTO data_subject_request (mandate_subject_id, type, status, received_at, due_at, notes, referral, created_by, closed_at, closed_by)
         VALUES ($1, $2, 'referred', $3, $4, $5, $6, $7, now(), $7) RETURNING id`,
        [
          subjectId,
          input.type,
          receivedAt,
          dueAt,
          input.notes ?? null,
          JSON.stringify(referral),
          actor.staffId,
        ],
      );
      await this.audit.record(
        {
          action: 'create',
          resource: RESOURCE,
          resourceId: row.id,
          fields,
          outcome: 'allowed',
          reason: 'REFERRED_TO_INSURER',
          controllerId: controller.insurerId,
        },
        manager,
      );
      return { id: row.id, status: 'referred' as const, dueAt, referral };
    });
  }

  async list(
    _actor: ClientActor,
    query: ListDataSubjectRequestsQueryDto,
  ): Promise<Page<DataSubjectRequestResponseDto>> {
    const today = this.clock.today();
    const conditions: string[] = ['true'];
    const named: Record<string, unknown> = { today };
    if (query.status) {
      conditions.push('status = :status');
      named.status = query.status;
    }
    if (query.overdue === 'true') conditions.push(`status = 'open' AND due_at < :today::date`);
    if (query.overdue === 'false') conditions.push(`NOT (status = 'open' AND due_at < :today::date)`);
    const size = pageSize(query.limit);
    const cursor = decodeCursor(query.cursor, ['date', 'uuid']);
    if (cursor) {
      named.cdue = cursor[0];
      named.cid = cursor[1];
      conditions.push(`(due_at, id) > (:cdue::date, :cid::uuid)`);
    }
    const { sql, params } = toPositional(
      `${SELECT_REQUEST} WHERE ${conditions.join(' AND ')} ORDER BY due_at, id LIMIT ${size + 1}`,
      named,
    );
    const rows: RequestRow[] = await this.dataSource.query(sql, params);
    const page = rows.slice(0, size);
    const items = page.map((r) => view(r, today));
    await this.audit.record({
      action: 'list',
      resource: RESOURCE,
      clientIds: [...new Set(page.map((r) => r.client_id).filter((id): id is string => id !== null))],
      fields: VIEW_FIELDS,
      outcome: 'allowed',
    });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > size && last ? encodeCursor([last.due_at, last.id]) : null };
  }

  async get(_actor: ClientActor, id: string): Promise<DataSubjectRequestResponseDto> {
    const row = await this.load(this.dataSource.manager, id);
    await this.audit.record({
      action: 'read',
      resource: RESOURCE,
      resourceId: id,
      clientIds: subjectIds(row),
      fields: VIEW_FIELDS,
      outcome: 'allowed',
    });
    return view(row, this.clock.today());
  }

  /** Art. 12(3): once, by two further months (three months from receipt), with a written reason. */
  async extend(actor: ClientActor, id: string, reason: string): Promise<DataSubjectRequestResponseDto> {
    return this.transition(actor, id, 'extend', { reason });
  }

  async verifyIdentity(
    actor: ClientActor,
    id: string,
    input: VerifyIdentityDto,
  ): Promise<DataSubjectRequestResponseDto> {
    return this.transition(actor, id, 'verifyIdentity', input);
  }

  async reject(actor: ClientActor, id: string, reason: string): Promise<DataSubjectRequestResponseDto> {
    return this.transition(actor, id, 'reject', { reason });
  }

  /**
   * Loads the request under lock, refuses a change its state does not allow, writes the change and
   * records it, all in one transaction.
   */
  private async transition<Name extends keyof TransitionInputs>(
    actor: ClientActor,
    id: string,
    name: Name,
    input: TransitionInputs[Name],
  ): Promise<DataSubjectRequestResponseDto> {
    const transition: RecordedTransition<TransitionInputs[Name]> = TRANSITIONS[name];
    return this.dataSource.transaction(async (manager) => {
      const row = await this.load(manager, id, true);
      assertAllowed(row, transition, this.clock.today());
      await this.write(manager, row, transition, input, actor);
      await this.audit.record(
        {
          action: 'update',
          resource: RESOURCE,
          resourceId: id,
          clientIds: subjectIds(row),
          fields: transition.recorded,
          outcome: 'allowed',
        },
        manager,
      );
      return view(await this.load(manager, id), this.clock.today());
    });
  }

  /** Art. 15: the access report, a preview that changes nothing; completing the request records its delivery. */
  async report(actor: ClientActor, id: string): Promise<AccessReport> {
    return this.disclose(actor, id, 'access', 'report', async (row, manager) => {
      const report = await this.reports.report(
        row.client_id!,
        { id: row.id, type: row.type, receivedAt: row.received_at, dueAt: row.due_at },
        manager,
      );
      return { value: report, resource: 'access_report', fields: REPORT_FIELDS };
    });
  }

  /** Art. 20: the portability export, a preview that changes nothing; completing the request records its delivery. */
  async export(actor: ClientActor, id: string): Promise<PortabilityExport> {
    return this.disclose(actor, id, 'portability', 'export', async (row, manager) => {
      const value = await this.reports.portability(row.client_id!, manager);
      return { value, resource: 'portability_export', fields: EXPORT_FIELDS };
    });
  }

  private async disclose<T>(
    actor: ClientActor,
    id: string,
    type: DataSubjectRequestType,
    operation: string,
    build: (
      row: RequestRow,
      manager: EntityManager,
    ) => Promise<{ value: T; resource: AuditResource; fields: string[] }>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.load(manager, id, true);
      if (row.type !== type) throw new WrongRequestTypeError(row.type, operation, [type]);
      if (!row.client_id) throw new RequestClosedError(row.status);
      if (row.status === 'rejected') throw new RequestClosedError(row.status);
      if (!row.identity_verified_at) throw new IdentityNotVerifiedError();
      await this.clients.requireVisible(
        scopeOf(actor),
        row.client_id,
        { action: 'export', resource: RESOURCE },
        manager,
      );
      const built = await build(row, manager);
      await this.audit.record(
        {
          action: 'export',
          resource: built.resource,
          resourceId: id,
          clientIds: [row.client_id],
          fields: built.fields,
          outcome: 'allowed',
        },
        manager,
      );
      return built.value;
    });
  }

  /** Carries out an erasure, restriction, objection, consent withdrawal or rectification. */
  async execute(
    actor: ClientActor,
    id: string,
    input: ExecuteDataSubjectRequestDto,
  ): Promise<DataSubjectRequestResponseDto> {
    const row = await this.load(this.dataSource.manager, id);
    if (row.type === 'access' || row.type === 'portability') {
      throw new WrongRequestTypeError(row.type, 'execute', [
        'erasure',
        'restriction',
        'objection',
        'withdraw_consent',
        'rectification',
      ]);
    }
    // Checked before anything is carried out: a refused request changes nothing of the client.
    assertAllowed(row, COMPLETION, this.clock.today());
    const clientId = row.client_id!;
    await this.clients.requireVisible(scopeOf(actor), clientId, { action: 'update', resource: 'client' });

    if (row.type === 'rectification') {
      const changes = input.changes
        ? Object.keys(input.changes).filter(
            (k) => (input.changes as Record<string, unknown>)[k] !== undefined,
          )
        : [];
      if (changes.length === 0)
        throw new ExecutionInputError('A rectification needs the corrected fields in "changes"', 'changes');
      // ClientsService checks the fields against the purpose and records the change.
      await this.clients.update(scopeOf(actor), clientId, input.changes!);
      await this.write(
        this.dataSource.manager,
        row,
        COMPLETION,
        { action: 'rectified', fields: changes },
        actor,
      );
      return view(await this.load(this.dataSource.manager, id), this.clock.today());
    }

    let cleanup: string[] = [];
    const outcome = await this.dataSource.transaction(async (manager) => {
      const locked = await this.load(manager, id, true);
      assertAllowed(locked, COMPLETION, this.clock.today());
      const result = await this.carryOut(actor, locked, clientId, input, manager);
      await this.write(manager, locked, COMPLETION, result.outcome, actor);
      await this.audit.record(
        { ...result.entry, resourceId: clientId, clientIds: [clientId], outcome: 'allowed' },
        manager,
      );
      cleanup = result.cleanup;
      return result.outcome;
    });
    if (cleanup.length > 0) {
      const { failed } = await this.erasure.afterCommit(cleanup);
      if (failed.length > 0) {
        outcome.cleanupFailed = failed;
        await this.dataSource.query(`UPDATE data_subject_request SET outcome = $2 WHERE id = $1`, [
          id,
          JSON.stringify(outcome),
        ]);
      }
    }
    return view(await this.load(this.dataSource.manager, id), this.clock.today());
  }

  private async carryOut(
    actor: ClientActor,
    row: RequestRow,
    clientId: string,
    input: ExecuteDataSubjectRequestDto,
    manager: EntityManager,
  ): Promise<{
    outcome: ExecutionOutcome;
    entry: {
      action: 'erase' | 'restrict' | 'update';
      resource: AuditResource;
      fields: string[];
      reason?: AuditReason;
    };
    cleanup: string[];
  }> {
    const [facts] = await this.retention.factsFor([clientId], manager, true);
    if ((await this.clients.statusWithoutPurpose(clientId, manager)) === 'anonymised') {
      return {
        outcome: { action: 'already_anonymised' },
        entry: { action: 'erase', resource: 'client', fields: [], reason: 'ALREADY_ANONYMISED' },
        cleanup: [],
      };
    }
    const source = `data_subject_request:${row.id}`;
    switch (row.type) {
      case 'erasure': {
        const blocking = runningDuties(facts, new Date()).filter((d) => d.legal);
        if (blocking.length === 0) {
          await this.erasure.anonymise([clientId], manager);
          return {
            outcome: { action: 'anonymised', steps: this.erasure.stepNames() },
            entry: {
              action: 'erase',
              resource: 'client',
              fields: ERASED_CLIENT_FIELDS,
              reason: 'ERASURE_REQUEST',
            },
            cleanup: [clientId],
          };
        }
        // Art. 17(3)(b),(e): a contract, a legal duty or a claim keeps the data. The person stays
        // visible only to the purposes those grounds serve (not restricted: the policy is still
        // serviced), consent-based processing ends now, and the sweep erases them when the last
        // ground ends.
        await this.erasure.refuseErasure([clientId], manager);
        const withdrawn = await this.consents.withdrawAll(
          clientId,
          [...CONSENT_PURPOSES],
          source,
          actor.staffId,
          manager,
        );
        await this.erasure.markPending(clientId, row.id, manager);
        const ends = blocking.map((d) => d.until);
        return {
          outcome: {
            action: 'erasure_refused',
            erasure: 'deferred',
            withdrawnConsents: withdrawn,
            grounds: erasureGrounds(blocking),
            visibleUnder: purposesSeeingErasureRefused(),
            blockedBy: blocking.map(({ kind, purpose, until, rule, holdIds }) => ({
              kind,
              purpose,
              until,
              rule: rule.en,
              ...(holdIds ? { holdIds } : {}),
            })),
            erasureDueAfter: ends.includes(null) ? null : ends.sort().at(-1),
          },
          entry: {
            action: 'update',
            resource: 'client',
            fields: ['consents'],
            reason: 'ERASURE_REFUSED_ON_LEGAL_GROUNDS',
          },
          // Mail still queued for the person is skipped at send time (no consent, not visible to the purpose).
          cleanup: [],
        };
      }
      case 'restriction':
        await this.erasure.restrict([clientId], manager);
        return {
          outcome: { action: 'restricted' },
          entry: { action: 'restrict', resource: 'client', fields: ['restricted'] },
          cleanup: [],
        };
      case 'objection': {
        await this.clients.markObjectedToMarketing(clientId, manager);
        const marketing: ConsentPurpose[] = ['marketing'];
        const withdrawn = await this.consents.withdrawAll(
          clientId,
          marketing,
          source,
          actor.staffId,
          manager,
        );
        return {
          outcome: { action: 'objection_recorded', withdrawnConsents: withdrawn },
          entry: {
            action: 'update',
            resource: 'client',
            fields: ['objectedToMarketing', 'consents'],
            reason: 'OBJECTION_TO_MARKETING',
          },
          cleanup: [],
        };
      }
      case 'withdraw_consent': {
        if (!input.consents?.length)
          throw new ExecutionInputError('Name the consents to withdraw in "consents"', 'consents');
        const withdrawn: Array<{ purpose: string; channel: string | null; count: number }> = [];
        for (const ref of input.consents) {
          if (ref.channel) {
            const c = await this.consents.withdraw(
              { clientId, purpose: ref.purpose, channel: ref.channel, source, withdrawnBy: actor.staffId },
              manager,
            );
            withdrawn.push({ purpose: ref.purpose, channel: ref.channel, count: c ? 1 : 0 });
          } else {
            const n = await this.consents.withdrawAll(
              clientId,
              [ref.purpose],
              source,
              actor.staffId,
              manager,
            );
            withdrawn.push({ purpose: ref.purpose, channel: null, count: n });
          }
        }
        return {
          outcome: { action: 'consents_withdrawn', withdrawn },
          entry: {
            action: 'update',
            resource: 'consent',
            fields: ['withdrawnAt'],
            reason: 'WITHDRAWAL_REQUEST',
          },
          cleanup: [],
        };
      }
      default:
        throw new WrongRequestTypeError(row.type, 'execute', [
          'erasure',
          'restriction',
          'objection',
          'withdraw_consent',
          'rectification',
        ]);
    }
  }

  private async write<Input>(
    manager: EntityManager,
    row: RequestRow,
    transition: Transition<Input>,
    input: Input,
    actor: ClientActor,
  ): Promise<void> {
    const { assignments, values } = transition.set(row, input, actor);
    await manager.query(`UPDATE data_subject_request SET ${assignments}, updated_at = now() WHERE id = $1`, [
      row.id,
      ...values,
    ]);
  }

  private async load(manager: EntityManager, id: string, lock = false): Promise<RequestRow> {
    return loadRequest(manager, id, lock);
  }
}

function assertAllowed<Input>(row: RequestRow, transition: Transition<Input>, today: string): void {
  if (row.status !== 'open') throw new RequestClosedError(row.status);
  const refusal = transition.refuse?.(row, today);
  if (refusal) throw refusal;
}
