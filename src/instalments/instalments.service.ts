import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { Page, encodeCursor, pageSize } from '@app/common/http/pagination';
import { Attempt, ClientSubjectFacts, PrivacyScope, personalFieldsOf } from '@app/privacy';
import { ClientsService } from '../clients';
import { ContractsService } from '../contracts';
import { toMoney } from '../offers';
import { CreateScheduleDto, ListInstalmentsQueryDto, RecordPaymentDto } from './instalment.dto';
import { InstalmentOfClient, InstalmentRow, instalmentRecord } from './instalment-row';
import { InstalmentRepository } from './instalment.repository';
import {
  ContractCancelledNoScheduleError,
  ContractWithoutPremiumError,
  InstalmentAlreadyPaidError,
  PaidAtInFutureError,
  ScheduleHasPaymentsError,
} from './instalments.errors';
import { instalmentStatus, planSchedule } from './schedule';

export type InstalmentView = Record<string, unknown> & { id: string };

/** An instalment of a current schedule in grosze, as commissions read it. */
export interface ScheduledPayment {
  id: string;
  number: number;
  dueDate: string;
  amount: number;
  paidAmount: number;
  paidAt: string | null;
  status: ReturnType<typeof instalmentStatus>;
}

const PERSONAL = new Set(personalFieldsOf('Instalment'));
/** What a new schedule writes, and what a payment writes. */
const SCHEDULE_FIELDS = ['dueDate', 'amount'];
const PAYMENT_FIELDS = ['paidAmount', 'paidAt', 'status'];
/** What the overdue filter tests: the due date and whether the payments reach the amount. */
const OVERDUE_FIELDS = ['dueDate', 'amount', 'paidAmount'];

/**
 * Payment schedules of contracts: a contract's premium split into 1, 2, 4 or 12 instalments, the
 * payments recorded against them, and the overdue list. Reads and writes go through the registry
 * (the Instalment entity) like every record of a client, and are recorded; the contract and its
 * client are reached through their modules' services.
 */
@Injectable()
export class InstalmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instalments: InstalmentRepository,
    private readonly contracts: ContractsService,
    private readonly clients: ClientsService,
    private readonly audit: AuditRecorder,
    private readonly clock: BrokerClock,
  ) {}

  /** `GET /api/contracts/:id/instalments`: the contract's current schedule. */
  async schedule(scope: PrivacyScope, contractId: string): Promise<Page<InstalmentView>> {
    const attempt: Attempt = { action: 'list', resource: 'instalment', resourceId: contractId, fields: [] };
    const { row, fields } = await this.requireSchedule(scope, contractId, attempt);
    const rows = await this.instalments.ofContract(scope, contractId);
    const { items, shown } = project(scope, fields, rows);
    await this.audit.record({
      action: 'list',
      resource: 'instalment',
      resourceId: contractId,
      clientIds: [row.clientId],
      fields: shown,
      outcome: 'allowed',
    });
    return { items, nextCursor: null };
  }

  /**
   * `POST /api/contracts/:id/instalments`: the schedule of `count` instalments. One that already
   * exists is made anew only while nothing of it is paid (the old rows are set aside, and the
   * replacement is recorded); a cancelled contract gets none.
   */
  async createSchedule(
    scope: PrivacyScope,
    contractId: string,
    input: CreateScheduleDto,
  ): Promise<Page<InstalmentView>> {
    const attempt: Attempt = {
      action: 'create',
      resource: 'instalment',
      resourceId: contractId,
      fields: SCHEDULE_FIELDS,
    };
    const { row, fields } = await this.requireSchedule(scope, contractId, attempt);
    scope.assertWritable('create', 'Instalment', null, SCHEDULE_FIELDS, {
      ...attempt,
      clientIds: [row.clientId],
    });
    if (row.status === 'cancelled') throw new ContractCancelledNoScheduleError();
    if (row.premium === null || row.premium === undefined) throw new ContractWithoutPremiumError();
    const plan = planSchedule(Number(row.premium), input.count, row.startDate);
    return this.dataSource.transaction(async (manager) => {
      // The client row first: erasure locks it before the client's other rows.
      await this.clients.assertNotAnonymised(row.clientId, attempt, manager);
      await this.instalments.lockSchedule(contractId, manager);
      const existing = await this.instalments.scheduleState(contractId, manager);
      if (existing?.paid) throw new ScheduleHasPaymentsError();
      if (existing) await this.instalments.supersede(contractId, manager);
      await this.instalments.insertSchedule(
        { contractId, clientId: row.clientId, currency: row.currency, createdBy: scope.staffMember, plan },
        manager,
      );
      await this.clients.touch(row.clientId, manager);
      await this.audit.record(
        {
          action: 'create',
          resource: 'instalment',
          resourceId: contractId,
          clientIds: [row.clientId],
          fields: SCHEDULE_FIELDS,
          outcome: 'allowed',
          reason: existing ? 'SCHEDULE_REPLACED' : null,
        },
        manager,
      );
      const rows = await this.instalments.ofContract(scope, contractId, manager);
      return { items: project(scope, fields, rows).items, nextCursor: null };
    });
  }

  /**
   * `POST /api/instalments/:id/payment`: a payment on the day given (not after today in the
   * broker's calendar); payments add up, and an instalment paid in full takes no more.
   */
  async recordPayment(scope: PrivacyScope, id: string, input: RecordPaymentDto): Promise<InstalmentView> {
    const attempt: Attempt = {
      action: 'update',
      resource: 'instalment',
      resourceId: id,
      fields: PAYMENT_FIELDS,
    };
    if (input.paidAt > this.clock.today()) throw new PaidAtInFutureError();
    const { row, facts, fields } = await this.requireInstalment(scope, id, attempt);
    scope.assertWritable('update', 'Instalment', { clientId: facts.id }, PAYMENT_FIELDS, {
      ...attempt,
      clientIds: [row.clientId],
    });
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(row.clientId, attempt, manager);
      await this.instalments.lockSchedule(row.contractId, manager);
      const locked = await this.instalments.find(scope, id, manager, true);
      // Set aside by a new schedule meanwhile: no longer an instalment of the contract.
      if (!locked) scope.notFound({ ...attempt, clientIds: [row.clientId] }, 'Instalment', true);
      if (instalmentStatus(Number(locked.amount), Number(locked.paidAmount)) === 'paid')
        throw new InstalmentAlreadyPaidError();
      await this.instalments.addPayment(id, input.amount, input.paidAt, manager);
      await this.clients.touch(row.clientId, manager);
      await this.audit.record(
        {
          action: 'update',
          resource: 'instalment',
          resourceId: id,
          clientIds: [row.clientId],
          fields: PAYMENT_FIELDS,
          outcome: 'allowed',
        },
        manager,
      );
      const updated = (await this.instalments.find(scope, id, manager))!;
      return scope.project(fields, instalmentRecord(updated)).value as InstalmentView;
    });
  }

  /**
   * `GET /api/instalments?overdue=true`: instalments the scope sees (their client in the actor's
   * portfolio, under the purpose's rules, in SQL), oldest due date first, each with its contract's
   * policy number where the purpose reads it; `overdue`: due before today and not paid in full.
   */
  async list(scope: PrivacyScope, query: ListInstalmentsQueryDto): Promise<Page<InstalmentView>> {
    const filterFields = query.overdue ? OVERDUE_FIELDS : [];
    const listAttempt: Attempt = { action: 'list', resource: 'instalment' };
    scope.assertFilterable('Instalment', filterFields, 'filter', listAttempt);
    scope.assertFilterable('Instalment', ['dueDate'], 'sort', listAttempt);
    const size = pageSize(query.limit);
    const rows = await this.instalments.page(scope, {
      overdue: query.overdue === true,
      cursor: query.cursor,
      size,
      filteredFields: [...new Set([...filterFields, 'dueDate'])],
    });
    const page = rows.slice(0, size);
    const facts = await this.clients.subjectFacts(scope, page);
    const items: InstalmentView[] = [];
    const seen = new Set<string>(filterFields);
    const clientIds = new Set<string>();
    for (const row of page) {
      const clientFacts = facts.get(row.clientId);
      const fields = scope.clientRecordFields('Instalment', clientFacts);
      const contractFields = scope.clientRecordFields('Contract', clientFacts);
      // The SQL applied the same rules; a row the in-memory check refuses is never returned.
      if (fields.length === 0 || contractFields.length === 0) continue;
      const projected = scope.project(fields, instalmentRecord(row));
      projected.fields.filter((f) => PERSONAL.has(f)).forEach((f) => seen.add(f));
      const contract: { id: string; policyNumber?: string } = { id: row.contractId };
      if (contractFields.includes('policyNumber')) {
        contract.policyNumber = row.policyNumber;
        seen.add('contract.policyNumber');
      }
      clientIds.add(row.clientId);
      items.push({ ...(projected.value as InstalmentView), contract });
    }
    await this.audit.record({
      action: 'list',
      resource: 'instalment',
      clientIds: [...clientIds],
      fields: [...seen],
      outcome: 'allowed',
    });
    const last = page[page.length - 1];
    return {
      items,
      nextCursor: rows.length > size && last ? encodeCursor([last.sortKey ?? last.dueDate, last.id]) : null,
    };
  }

  // ---- for commissions ----

  /**
   * The current schedules of contracts the caller has shown visible under `scope` (commission is
   * earned on what the client paid), by contract id; a contract without a schedule is absent.
   * The caller records the read with the commission it answers.
   */
  async schedulesOf(
    scope: PrivacyScope,
    contractIds: string[],
    manager?: EntityManager,
  ): Promise<Map<string, ScheduledPayment[]>> {
    const result = new Map<string, ScheduledPayment[]>();
    if (contractIds.length === 0) return result;
    for (const row of await this.instalments.ofContracts(scope, contractIds, manager)) {
      const list = result.get(row.contractId) ?? [];
      list.push({
        id: row.id,
        number: Number(row.number),
        dueDate: row.dueDate,
        amount: Number(row.amount),
        paidAmount: Number(row.paidAmount),
        paidAt: row.paidAt,
        status: instalmentStatus(Number(row.amount), Number(row.paidAmount)),
      });
      result.set(row.contractId, list);
    }
    return result;
  }

  // ---- for data-subject requests, the brokers' task scan and the demo data ----

  /**
   * The instalments overdue on `day` (due before it, not paid in full, of a current schedule of a
   * contract not cancelled), oldest due first; the caller (the task scan) works without a purpose.
   */
  overdueOnWithoutPurpose(day: string) {
    return this.instalments.overdueOnWithoutPurpose(day);
  }

  /** Every instalment of a client (superseded schedules too), for the person's own report and export. */
  async forClientWithoutPurpose(clientId: string, manager?: EntityManager): Promise<InstalmentOfClient[]> {
    const rows = await this.instalments.forClientWithoutPurpose(clientId, manager);
    return rows.map((r) => ({
      id: r.id,
      contractId: r.contractId,
      policyNumber: r.policyNumber,
      number: Number(r.number),
      count: Number(r.count),
      dueDate: r.dueDate,
      amount: toMoney(r.amount, r.currency)!,
      paidAmount: toMoney(r.paidAmount, r.currency)!,
      paidAt: r.paidAt,
      status: instalmentStatus(Number(r.amount), Number(r.paidAmount)),
      supersededAt: r.supersededAt,
    }));
  }

  /** Demo data: how many instalments the given contracts have. */
  countSeeded(contractIds: string[], manager: EntityManager): Promise<number> {
    return this.instalments.countForContractsSeed(contractIds, manager);
  }

  /** Demo data: a schedule as the seed makes it (no staff member, no purpose), some of it paid. */
  async insertSeed(
    input: {
      contractId: string;
      clientId: string;
      premium: number;
      startDate: string;
      count: 1 | 2 | 4 | 12;
      paidNumbers: number[];
    },
    manager: EntityManager,
  ): Promise<void> {
    const plan = planSchedule(input.premium, input.count, input.startDate);
    await this.instalments.insertSchedule(
      { contractId: input.contractId, clientId: input.clientId, currency: 'PLN', createdBy: null, plan },
      manager,
    );
    for (const number of input.paidNumbers) {
      const due = plan[number - 1];
      if (due) await this.instalments.paySeed(input.contractId, number, due.dueDate, manager);
    }
  }

  // ---- visibility ----

  /** The contract and the Instalment fields the scope reads on it; otherwise not found. */
  private async requireSchedule(scope: PrivacyScope, contractId: string, attempt: Attempt) {
    const { row, facts } = await this.contracts.requireVisible(scope, contractId, attempt);
    const fields = scope.clientRecordFields('Instalment', facts);
    if (fields.length === 0) scope.notFound({ ...attempt, clientIds: [row.clientId] }, 'Contract', true);
    return { row, facts, fields };
  }

  /** The instalment (its contract visible too) and the fields the scope reads; otherwise not found. */
  private requireInstalment(
    scope: PrivacyScope,
    id: string,
    attempt: Attempt,
  ): Promise<{ row: InstalmentRow; facts: ClientSubjectFacts; fields: string[] }> {
    return this.instalments.find(scope, id).then((found) =>
      this.clients.requireRecordVisible(scope, found, {
        entity: 'Instalment',
        alsoEntities: ['Contract'],
        attempt,
        notFound: 'Instalment',
      }),
    );
  }
}

/** Rows projected to the scope's fields; `shown`: the personal fields that left. */
function project(
  scope: PrivacyScope,
  fields: string[],
  rows: InstalmentRow[],
): { items: InstalmentView[]; shown: string[] } {
  const shown = new Set<string>();
  const items = rows.map((row) => {
    const projected = scope.project(fields, instalmentRecord(row));
    projected.fields.filter((f) => PERSONAL.has(f)).forEach((f) => shown.add(f));
    return projected.value as InstalmentView;
  });
  return { items, shown: [...shown] };
}
