import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { Page, encodeCursor, pageSize } from '@app/common/http/pagination';
import {
  Attempt,
  ClientSubjectFacts,
  PersonalDataLifecycle,
  PrivacyScope,
  personalFieldsOf,
} from '@app/privacy';
import { ClientsService } from '../clients';
import { ContractsService } from '../contracts';
import { toMoney } from '../offers';
import { LegalHoldsService } from '../retention';
import { CreateClaimDto, ListClaimsQueryDto, UpdateClaimDto } from './claim.dto';
import { ClaimHistoryEntry, ClaimRepository, ClaimRow } from './claim.repository';
import { allowedTransitions, isClosed, mayMove } from './claim-workflow';
import {
  AmountPaidOnlyWhenPaidError,
  AmountPaidRequiredError,
  ClaimTransitionError,
  DateOfLossInFutureError,
  LegalHoldNotActiveError,
  LossOutsideCoverError,
  NothingToChangeError,
} from './claims.errors';

export type ClaimView = Record<string, unknown> & { id: string };

const PERSONAL = new Set(personalFieldsOf('Claim'));
const CREATE_FIELDS = ['insurerClaimNumber', 'dateOfLoss', 'description', 'amountClaimed', 'history'];

/**
 * Claims on contracts under the purpose `claims` (art. 6 ust. 1 lit. f RODO): reported, followed
 * through the insurer's handling to payment, refusal or withdrawal, each change kept in the
 * claim's history; linked to a legal hold where a dispute needs the data kept. Visible like every
 * record of a client (the registry's Claim entity, the client's portfolio), and recorded.
 */
@Injectable()
export class ClaimsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly claims: ClaimRepository,
    private readonly clients: ClientsService,
    private readonly contracts: ContractsService,
    private readonly holds: LegalHoldsService,
    private readonly audit: AuditRecorder,
    private readonly clock: BrokerClock,
    private readonly lifecycle: PersonalDataLifecycle,
  ) {}

  /**
   * Erasure overwrites what describes the loss; retention deletes a claim once the claims term
   * (from the registry) has passed since it closed, unless a legal hold linked to it still runs.
   */
  onModuleInit(): void {
    this.lifecycle.registerErasureStep({
      name: 'claim',
      erase: (ids, manager) => this.claims.eraseForErasure(ids, manager),
    });
    this.lifecycle.registerRecordPurge({
      name: 'claim',
      purpose: 'claims',
      purge: (before, dryRun, manager) =>
        this.claims.purgeClosedBefore(before, dryRun, this.holds.activeHoldSql('x.legal_hold_id'), manager),
    });
  }

  /** `POST /api/claims`: a claim on a contract the scope sees, its loss within the cover and not in the future. */
  async create(scope: PrivacyScope, input: CreateClaimDto): Promise<ClaimView> {
    const attempt: Attempt = { action: 'create', resource: 'claim', fields: CREATE_FIELDS };
    const { row: contract, facts } = await this.contracts.requireVisible(scope, input.contractId, attempt);
    scope.assertWritable('create', 'Claim', { clientId: facts.id }, CREATE_FIELDS, {
      ...attempt,
      clientIds: [contract.clientId],
    });
    if (input.dateOfLoss > this.clock.today()) throw new DateOfLossInFutureError();
    const start = String(contract.startDate);
    const end = String(contract.endDate);
    if (input.dateOfLoss < start || input.dateOfLoss > end) throw new LossOutsideCoverError(start, end);
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(contract.clientId, attempt, manager);
      const id = await this.claims.insert(
        {
          contractId: contract.id,
          clientId: contract.clientId,
          insurerClaimNumber: input.insurerClaimNumber ?? null,
          dateOfLoss: input.dateOfLoss,
          description: input.description,
          amountClaimed: input.amountClaimed?.amount ?? null,
          createdBy: scope.staffMember,
          history: [entry(scope, null, 'reported', null)],
        },
        manager,
      );
      await this.clients.touch(contract.clientId, manager);
      await this.audit.record(
        {
          action: 'create',
          resource: 'claim',
          resourceId: id,
          clientIds: [contract.clientId],
          fields: CREATE_FIELDS,
          outcome: 'allowed',
        },
        manager,
      );
      return this.viewIn(scope, id, manager);
    });
  }

  /** `GET /api/claims/:id`. */
  async get(scope: PrivacyScope, id: string): Promise<ClaimView> {
    const attempt: Attempt = { action: 'read', resource: 'claim', resourceId: id };
    const { row, fields, facts } = await this.require(scope, id, attempt);
    const view = project(scope, fields, row, facts);
    await this.audit.record({
      ...attempt,
      clientIds: [row.clientId],
      fields: view.shown,
      outcome: 'allowed',
    });
    return view.value;
  }

  /**
   * `PATCH /api/claims/:id`: the next status of the workflow (a paid claim with what was paid), a
   * note, or the link to an active legal hold of the claim's client. A move the workflow does not
   * allow is refused (409) and changes nothing.
   */
  async update(scope: PrivacyScope, id: string, input: UpdateClaimDto): Promise<ClaimView> {
    const written = [
      ...(input.status ? ['history'] : []),
      ...(input.amountPaid !== undefined ? ['amountPaid'] : []),
      ...(input.note ? ['history'] : []),
    ];
    const fields = [...new Set(written)];
    const attempt: Attempt = { action: 'update', resource: 'claim', resourceId: id, fields };
    if (!input.status && input.note === undefined && input.legalHoldId === undefined)
      throw new NothingToChangeError();
    if (input.status === 'paid' && input.amountPaid === undefined) throw new AmountPaidRequiredError();
    if (input.amountPaid !== undefined && input.status !== 'paid') throw new AmountPaidOnlyWhenPaidError();
    const { row, facts } = await this.require(scope, id, attempt);
    scope.assertWritable('update', 'Claim', { clientId: facts.id }, fields, {
      ...attempt,
      clientIds: [row.clientId],
    });
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(row.clientId, attempt, manager);
      const locked = (await this.claims.find(scope, id, manager, true))!;
      const to = input.status ?? locked.status;
      if (input.status && !mayMove(locked.status, input.status))
        throw new ClaimTransitionError(locked.status, input.status);
      if (input.legalHoldId && !(await this.holds.isActiveHoldOf(row.clientId, input.legalHoldId, manager)))
        throw new LegalHoldNotActiveError();
      const changed = input.status !== undefined || input.note !== undefined;
      await this.claims.update(
        id,
        {
          status: to,
          closes: isClosed(to),
          amountPaid: input.amountPaid,
          legalHoldId: input.legalHoldId,
          entry: changed ? entry(scope, input.status ? locked.status : null, to, input.note ?? null) : null,
        },
        manager,
      );
      await this.audit.record(
        {
          action: 'update',
          resource: 'claim',
          resourceId: id,
          clientIds: [row.clientId],
          fields: input.legalHoldId !== undefined ? [...fields, 'legalHoldId'] : fields,
          outcome: 'allowed',
        },
        manager,
      );
      return this.viewIn(scope, id, manager);
    });
  }

  /** `GET /api/claims?contractId=&clientId=&status=`: claims the scope sees, newest first. */
  async list(scope: PrivacyScope, query: ListClaimsQueryDto): Promise<Page<ClaimView>> {
    const size = pageSize(query.limit);
    const rows = await this.claims.page(scope, { ...query, size });
    const page = rows.slice(0, size);
    const facts = await this.clients.subjectFacts(scope, page);
    const items: ClaimView[] = [];
    const seen = new Set<string>();
    for (const row of page) {
      const clientFacts = facts.get(row.clientId);
      const fields = scope.clientRecordFields('Claim', clientFacts);
      // The SQL applied the same rules; a row the in-memory check refuses is never returned.
      if (fields.length === 0 || scope.clientRecordFields('Contract', clientFacts).length === 0) continue;
      const view = project(scope, fields, row, clientFacts);
      view.shown.forEach((f) => seen.add(f));
      items.push(view.value);
    }
    await this.audit.record({
      action: 'list',
      resource: 'claim',
      resourceId: query.contractId ?? query.clientId ?? null,
      clientIds: [...new Set(items.map((i) => String(i.clientId)))],
      fields: [...seen],
      outcome: 'allowed',
    });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > size && last ? encodeCursor([last.createdAt, last.id]) : null };
  }

  /** Every claim of a client, for the person's own access report (the caller records the disclosure). */
  async forClientWithoutPurpose(clientId: string, manager?: EntityManager) {
    const rows = await this.claims.forClientWithoutPurpose(clientId, manager);
    return rows.map((row) => record(row));
  }

  /** Every claim of a client with its policy number, typed, for the person's own access report and export. */
  async claimsForDataSubject(clientId: string, manager?: EntityManager) {
    return (await this.claims.forClientWithoutPurpose(clientId, manager)).map((row) => ({
      id: row.id,
      contractId: row.contractId,
      policyNumber: row.policyNumber,
      status: row.status,
      insurerClaimNumber: row.insurerClaimNumber,
      dateOfLoss: row.dateOfLoss,
      description: row.description,
      amountClaimed: toMoney(row.amountClaimed, row.currency),
      amountPaid: toMoney(row.amountPaid, row.currency),
      history: row.history.map((e) => ({ at: e.at, from: e.from, to: e.to, note: e.note })),
      createdAt: row.createdAt,
    }));
  }

  private async viewIn(scope: PrivacyScope, id: string, manager: EntityManager): Promise<ClaimView> {
    const row = (await this.claims.find(scope, id, manager))!;
    const facts = (await this.clients.subjectFacts(scope, [row], manager)).get(row.clientId);
    return project(scope, scope.clientRecordFields('Claim', facts), row, facts).value;
  }

  /** The claim, its contract visible too, and the Claim fields the scope reads; otherwise not found. */
  private async require(scope: PrivacyScope, id: string, attempt: Attempt) {
    return this.clients.requireRecordVisible(scope, await this.claims.find(scope, id), {
      entity: 'Claim',
      alsoEntities: ['Contract'],
      attempt,
      notFound: 'Claim',
    });
  }
}

function entry(
  scope: PrivacyScope,
  from: ClaimHistoryEntry['from'],
  to: ClaimHistoryEntry['to'],
  note: string | null,
): ClaimHistoryEntry {
  return { at: new Date().toISOString(), by: scope.staffId, from, to, note };
}

/** The claim as the registry names its fields. */
function record(row: ClaimRow): Record<string, unknown> {
  return {
    id: row.id,
    contractId: row.contractId,
    clientId: row.clientId,
    status: row.status,
    legalHoldId: row.legalHoldId,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    insurerClaimNumber: row.insurerClaimNumber,
    dateOfLoss: row.dateOfLoss,
    description: row.description,
    amountClaimed: toMoney(row.amountClaimed, row.currency),
    amountPaid: toMoney(row.amountPaid, row.currency),
    history: row.history,
  };
}

/** The claim projected to the scope's fields, with the policy number and the moves it may make. */
function project(
  scope: PrivacyScope,
  fields: string[],
  row: ClaimRow,
  facts: ClientSubjectFacts | undefined,
): { value: ClaimView; shown: string[] } {
  const projected = scope.project(fields, record(row));
  const showPolicy = scope.clientRecordFields('Contract', facts).includes('policyNumber');
  return {
    value: {
      ...(projected.value as ClaimView),
      ...(showPolicy ? { policyNumber: row.policyNumber } : {}),
      allowedTransitions: [...allowedTransitions(row.status)],
    },
    shown: projected.fields.filter((f) => PERSONAL.has(f)),
  };
}
