import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { Page, encodeCursor, pageSize } from '@app/common/http/pagination';
import {
  Attempt,
  ClientSubjectFacts,
  PURPOSES,
  PersonalDataLifecycle,
  PrivacyScope,
  REGISTRY,
  recordPurposesVisibleUnder,
  writableFields,
} from '@app/privacy';
import { ClientsService } from '../clients';
import { ConsentsService } from '../consents';
import { CreateActivityDto, ListActivitiesQueryDto } from './activity.dto';
import { ActivityRepository, ActivityRow } from './activity.repository';
import { ActivityInFutureError } from './activities.errors';

export type ActivityView = Record<string, unknown> & { id: string };

/** A minute of leeway for a clock a little ahead of the server's. */
const FUTURE_LEEWAY_MS = 60_000;

/**
 * The client's timeline: calls, meetings and notes, each recorded under the purpose the broker
 * worked under, seen only under that purpose (the person's own requests aside), and kept as long as
 * that purpose's term in the registry: counted from the activity, or, under a consent-based
 * purpose, until the consent is withdrawn.
 */
@Injectable()
export class ActivitiesService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly activities: ActivityRepository,
    private readonly clients: ClientsService,
    private readonly consents: ConsentsService,
    private readonly audit: AuditRecorder,
    private readonly lifecycle: PersonalDataLifecycle,
  ) {}

  onModuleInit(): void {
    this.lifecycle.registerErasureStep({
      name: 'client_activity',
      erase: (ids, manager) => this.activities.deleteForErasure(ids, manager),
    });
    for (const purpose of PURPOSES.filter((p) => writableFields(p, 'ClientActivity').length > 0)) {
      const gate = REGISTRY[purpose].consentGate;
      this.lifecycle.registerRecordPurge({
        name: 'client_activity',
        purpose,
        purge: (before, dryRun, manager) =>
          this.activities.purgeWithoutPurpose(
            purpose,
            before,
            gate ? this.consents.noActiveConsentSql('c', gate) : null,
            dryRun,
            manager,
          ),
      });
    }
  }

  /** `POST /api/clients/:id/activities`: recorded under the request's purpose. */
  /**
   * Every activity on a client's timeline, oldest first, for the person's own access report and
   * export: the caller checked the request and records the disclosure, so no purpose applies here.
   */
  async activitiesForDataSubject(clientId: string, manager?: EntityManager) {
    return (await this.activities.forDataSubject(clientId, manager)).map((a) => ({
      id: a.id,
      kind: a.kind,
      purpose: a.purpose,
      at: a.at,
      summary: a.summary,
      createdAt: a.createdAt,
    }));
  }

  async create(scope: PrivacyScope, clientId: string, input: CreateActivityDto): Promise<ActivityView> {
    const fields = ['at', 'summary'];
    const attempt: Attempt = { action: 'create', resource: 'client_activity', fields, clientIds: [clientId] };
    const facts = await this.clients.requireVisible(scope, clientId, attempt);
    scope.assertWritable('create', 'ClientActivity', { clientId: facts.id }, fields, attempt);
    if (new Date(input.at).getTime() > Date.now() + FUTURE_LEEWAY_MS) throw new ActivityInFutureError();
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(clientId, attempt, manager);
      const id = await this.activities.insert(
        {
          clientId,
          kind: input.kind,
          purpose: scope.purpose!,
          at: input.at,
          summary: input.summary,
          createdBy: scope.staffMember,
        },
        manager,
      );
      await this.clients.touch(clientId, manager);
      await this.audit.record({ ...attempt, resourceId: id, outcome: 'allowed' }, manager);
      const row = (await this.activities.find(scope, id, manager))!;
      return project(scope, row, facts).value;
    });
  }

  /** `GET /api/clients/:id/activities`: the client's timeline under the current purpose, newest first. */
  async list(
    scope: PrivacyScope,
    clientId: string,
    query: ListActivitiesQueryDto,
  ): Promise<Page<ActivityView>> {
    const attempt: Attempt = {
      action: 'list',
      resource: 'client_activity',
      resourceId: clientId,
      clientIds: [clientId],
    };
    const facts = await this.clients.requireVisible(scope, clientId, attempt);
    if (scope.clientRecordFields('ClientActivity', facts).length === 0)
      scope.notFound(attempt, 'Client', true);
    const size = pageSize(query.limit);
    const rows = await this.activities.page(scope, {
      clientId,
      purposes: recordPurposesVisibleUnder(scope.purpose!),
      cursor: query.cursor,
      size,
    });
    const page = rows.slice(0, size);
    const seen = new Set<string>();
    const items = page.map((row) => {
      const view = project(scope, row, facts);
      view.shown.forEach((f) => seen.add(f));
      return view.value;
    });
    await this.audit.record({ ...attempt, fields: [...seen], outcome: 'allowed' });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > size && last ? encodeCursor([last.at, last.id]) : null };
  }
}

function project(scope: PrivacyScope, row: ActivityRow, facts: ClientSubjectFacts) {
  const projected = scope.project(scope.clientRecordFields('ClientActivity', facts), {
    id: row.id,
    clientId: row.clientId,
    kind: row.kind,
    purpose: row.purpose,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    at: row.at,
    summary: row.summary,
  });
  return {
    value: projected.value as ActivityView,
    shown: projected.fields.filter((f) => f === 'at' || f === 'summary'),
  };
}
