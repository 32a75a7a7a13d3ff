import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { Page, encodeCursor, pageSize } from '@app/common/http/pagination';
import {
  Attempt,
  PURPOSES,
  PersonalDataLifecycle,
  PrivacyScope,
  REGISTRY,
  personalFieldsOf,
  recordPurposesVisibleUnder,
  writableFields,
} from '@app/privacy';
import { StaffService } from '../auth';
import { ClientsService } from '../clients';
import { ConsentsService } from '../consents';
import { ContractsService } from '../contracts';
import { CreateTaskDto, ListTasksQueryDto, UpdateTaskDto } from './task.dto';
import { TaskRepository, TaskRow } from './task.repository';
import { AssigneeNotABrokerError, ContractOfOtherClientError, NothingToChangeError } from './tasks.errors';

export type TaskView = Record<string, unknown> & { id: string };

const PERSONAL = new Set(personalFieldsOf('Task'));

/**
 * Brokers' tasks about clients: made by hand (create, assign, complete) or by the daily scan. A
 * task serves the purpose it was made under and is seen only under it (the person's own requests
 * aside), for clients the scope sees, like every record of a client; reads and writes are recorded.
 */
@Injectable()
export class TasksService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TaskRepository,
    private readonly clients: ClientsService,
    private readonly contracts: ContractsService,
    private readonly consents: ConsentsService,
    private readonly staff: StaffService,
    private readonly audit: AuditRecorder,
    private readonly lifecycle: PersonalDataLifecycle,
  ) {}

  /**
   * Erasure deletes the person's tasks. Retention deletes a finished task once the term of the
   * purpose it served has passed since it was finished; under a consent-based purpose, once the
   * consent is withdrawn.
   */
  onModuleInit(): void {
    this.lifecycle.registerErasureStep({
      name: 'task',
      erase: (ids, manager) => this.tasks.deleteForErasure(ids, manager),
    });
    for (const purpose of PURPOSES.filter((p) => writableFields(p, 'Task').length > 0)) {
      const gate = REGISTRY[purpose].consentGate;
      this.lifecycle.registerRecordPurge({
        name: 'task',
        purpose,
        purge: (before, dryRun, manager) =>
          this.tasks.purgeWithoutPurpose(
            purpose,
            before,
            gate ? this.consents.noActiveConsentSql('c', gate) : null,
            dryRun,
            manager,
          ),
      });
    }
  }

  /** `POST /api/tasks`: a task about a client the scope sees, for the creator or another active broker. */
  /**
   * Every task about a client, oldest first, for the person's own access report and export: the
   * caller checked the request and records the disclosure, so no purpose applies here.
   */
  async tasksForDataSubject(clientId: string, manager?: EntityManager) {
    return (await this.tasks.forDataSubject(clientId, manager)).map((t) => ({
      id: t.id,
      kind: t.kind,
      purpose: t.purpose,
      status: t.status,
      title: t.title,
      description: t.description,
      dueDate: t.dueDate,
      contractId: t.contractId,
      createdAt: t.createdAt,
      completedAt: t.completedAt,
    }));
  }

  async create(scope: PrivacyScope, input: CreateTaskDto): Promise<TaskView> {
    const fields = [
      'title',
      ...(input.description ? ['description'] : []),
      ...(input.dueDate ? ['dueDate'] : []),
    ];
    const attempt: Attempt = { action: 'create', resource: 'task', fields };
    const facts = await this.clients.requireVisible(scope, input.clientId, attempt);
    scope.assertWritable('create', 'Task', { clientId: facts.id }, fields, {
      ...attempt,
      clientIds: [input.clientId],
    });
    if (input.contractId) {
      const { row } = await this.contracts.requireVisible(scope, input.contractId, {
        ...attempt,
        clientIds: [input.clientId],
      });
      if (row.clientId !== input.clientId) throw new ContractOfOtherClientError();
    }
    const assigneeId = input.assigneeId ?? scope.staffMember;
    await this.requireBroker(assigneeId);
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(input.clientId, attempt, manager);
      const id = await this.tasks.insert(
        {
          clientId: input.clientId,
          contractId: input.contractId ?? null,
          purpose: scope.purpose!,
          title: input.title,
          description: input.description ?? null,
          dueDate: input.dueDate ?? null,
          assigneeId,
          createdBy: scope.staffMember,
        },
        manager,
      );
      await this.audit.record(
        { ...attempt, resourceId: id, clientIds: [input.clientId], outcome: 'allowed' },
        manager,
      );
      const row = (await this.tasks.find(scope, id, manager))!;
      return this.project(
        scope,
        row,
        (await this.clients.subjectFacts(scope, [row], manager)).get(row.clientId),
      ).value;
    });
  }

  /** `PATCH /api/tasks/:id`: complete, cancel or reopen it, assign it, retitle it or move its due date. */
  async update(scope: PrivacyScope, id: string, input: UpdateTaskDto): Promise<TaskView> {
    const fields = [
      ...(input.title !== undefined ? ['title'] : []),
      ...(input.dueDate !== undefined ? ['dueDate'] : []),
    ];
    const attempt: Attempt = { action: 'update', resource: 'task', resourceId: id, fields };
    if (input.status === undefined && input.assigneeId === undefined && fields.length === 0)
      throw new NothingToChangeError();
    const { row, facts } = await this.require(scope, id, attempt);
    scope.assertWritable('update', 'Task', { clientId: facts.id }, fields, {
      ...attempt,
      clientIds: [row.clientId],
    });
    if (input.assigneeId) await this.requireBroker(input.assigneeId);
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(row.clientId, attempt, manager);
      await this.tasks.find(scope, id, manager, true);
      await this.tasks.update(
        id,
        {
          status: input.status,
          assigneeId: input.assigneeId,
          title: input.title,
          dueDate: input.dueDate,
          by: scope.staffMember,
        },
        manager,
      );
      await this.audit.record({ ...attempt, clientIds: [row.clientId], outcome: 'allowed' }, manager);
      const updated = (await this.tasks.find(scope, id, manager))!;
      return this.project(scope, updated, facts).value;
    });
  }

  /** `GET /api/tasks?assignee=me&status=open`: the tasks the scope sees, earliest due first. */
  async list(scope: PrivacyScope, query: ListTasksQueryDto): Promise<Page<TaskView>> {
    const size = pageSize(query.limit);
    const assignee =
      query.assignee === 'me'
        ? { id: scope.staffMember }
        : query.assignee === 'unassigned'
          ? ('unassigned' as const)
          : query.assignee
            ? { id: query.assignee }
            : undefined;
    const rows = await this.tasks.page(scope, {
      purposes: recordPurposesVisibleUnder(scope.purpose!),
      assignee,
      status: query.status,
      clientId: query.clientId,
      kind: query.kind,
      cursor: query.cursor,
      size,
    });
    const page = rows.slice(0, size);
    const facts = await this.clients.subjectFacts(scope, page);
    const items: TaskView[] = [];
    const seen = new Set<string>();
    for (const row of page) {
      const projected = this.project(scope, row, facts.get(row.clientId));
      // The SQL applied the same rules; a row the in-memory check refuses is never returned.
      if (!projected.visible) continue;
      projected.shown.forEach((f) => seen.add(f));
      items.push(projected.value);
    }
    await this.audit.record({
      action: 'list',
      resource: 'task',
      resourceId: query.clientId ?? null,
      clientIds: [...new Set(items.map((i) => String(i.clientId)))],
      fields: [...seen],
      outcome: 'allowed',
    });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > size && last ? encodeCursor([last.sortKey, last.id]) : null };
  }

  private async requireBroker(staffId: string): Promise<void> {
    const member = await this.staff.findById(staffId);
    if (!member || member.role !== 'broker' || !member.active) throw new AssigneeNotABrokerError();
  }

  /** The task when the scope sees it: its client, the Task entity, and the purpose it serves. */
  private async require(scope: PrivacyScope, id: string, attempt: Attempt) {
    const row = await this.tasks.find(scope, id);
    const ofPurpose = row && recordPurposesVisibleUnder(scope.purpose!).includes(row.purpose) ? row : null;
    if (row && !ofPurpose) scope.notFound({ ...attempt, clientIds: [row.clientId] }, 'Task', true);
    return this.clients.requireRecordVisible(scope, ofPurpose, { entity: 'Task', attempt, notFound: 'Task' });
  }

  private project(
    scope: PrivacyScope,
    row: TaskRow,
    facts: Parameters<PrivacyScope['clientRecordFields']>[1],
  ) {
    const fields = scope.clientRecordFields('Task', facts);
    const projected = scope.project(fields, {
      id: row.id,
      clientId: row.clientId,
      contractId: row.contractId,
      instalmentId: row.instalmentId,
      kind: row.kind,
      purpose: row.purpose,
      status: row.status,
      assigneeId: row.assigneeId,
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      completedAt: row.completedAt,
      title: row.title,
      description: row.description,
      dueDate: row.dueDate,
    });
    return {
      visible: fields.length > 0,
      value: projected.value as TaskView,
      shown: projected.fields.filter((f) => PERSONAL.has(f)),
    };
  }
}
