import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { Page, encodeCursor, pageSize } from '@app/common/http/pagination';
import { Attempt, ClientSubjectFacts, PersonalDataLifecycle, PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { Money, toMoney } from '../offers';
import { ListContractsQueryDto, RenewalsQueryDto } from './contract.dto';
import { ContractEndingSoon, ContractRow, ContractSummaryRow } from './contract-row';
import { ContractAnnexRepository } from './contract-annex.repository';
import { CommissionBasisRow, ContractCommissionRepository } from './contract-commission.repository';
import { ContractRepository } from './contract.repository';
import { ContractView, contractView, projectContractPage } from './contract-views';
import { InsuredObjectView, insuredObjectView } from './insured-object';

/** A contract as other modules see it; callers answer for the purpose under which they use it. */
export type ContractSummary = Omit<
  ContractSummaryRow,
  'premium' | 'commission' | 'currency' | 'insuredObject'
> & {
  premium: Money;
  commission: Money;
  insuredObject: InsuredObjectView | null;
};

/** What a contract's commission is computed from; amounts in grosze. */
export type CommissionBasis = Omit<CommissionBasisRow, 'premium' | 'commissionRateBp'> & {
  premium: number;
  commissionRateBp: number;
};

/** What retention needs to know about a client's contracts. */
export interface ContractRetentionFacts {
  /** The latest day any contract ended or will end (a cancellation ends it early); null without contracts. */
  latestEndDate: string | null;
  /** Some contract is not cancelled and has not ended yet (active or still to start). */
  anyActive: boolean;
}

/**
 * Concluded contracts: detail, lists and the renewals worklist, projected, filtered and recorded
 * through the registry like every client record; and the module's face to reminders, retention,
 * mailings and reports. Conclusion and changes (cancellation, renewal) have their own services.
 */
@Injectable()
export class ContractsService implements OnModuleInit {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly annexes: ContractAnnexRepository,
    private readonly clients: ClientsService,
    private readonly audit: AuditRecorder,
    private readonly lifecycle: PersonalDataLifecycle,
    private readonly commissionTerms: ContractCommissionRepository,
  ) {}

  /**
   * A policy number identifies the person at the insurer, and the broker's recommendation and a
   * cancellation's reason may describe them: erasure replaces the number and clears the text;
   * amounts, dates and products stay, so the books still add up. A vehicle's VIN and registration
   * number and a property's address go too, on the contracts and in their annexes, when the
   * policyholder or the insured is erased; so does an annex's reason.
   */
  onModuleInit(): void {
    this.lifecycle.registerErasureStep({
      name: 'contracts',
      erase: async (ids, manager) => {
        await this.annexes.eraseForErasure(ids, manager);
        await this.contracts.eraseForErasure(ids, manager);
      },
    });
  }

  async get(scope: PrivacyScope, id: string): Promise<ContractView> {
    const { row, fields } = await this.requireVisible(scope, id, {
      action: 'read',
      resource: 'contract',
      resourceId: id,
      fields: [],
    });
    const view = contractView(scope, row, fields);
    await this.audit.record({
      action: 'read',
      resource: 'contract',
      resourceId: id,
      clientIds: [row.clientId],
      fields: view.fields,
      outcome: 'allowed',
    });
    return view.value;
  }

  async list(scope: PrivacyScope, query: ListContractsQueryDto): Promise<Page<ContractView>> {
    const filterFields = [
      ...(query.clientId ? ['clientId'] : []),
      ...(query.insurerId ? ['insurerId'] : []),
      ...(query.status ? ['status'] : []),
      ...(query.endingBefore ? ['endDate'] : []),
    ];
    scope.assertFilterable('Contract', filterFields, 'filter', { action: 'list', resource: 'contract' });
    const size = pageSize(query.limit);
    const rows = await this.contracts.page(scope, {
      clientId: query.clientId,
      insurerId: query.insurerId,
      status: query.status,
      endingBefore: query.endingBefore,
      filteredFields: filterFields,
      cursor: query.cursor,
      size,
    });
    return this.answerPage(scope, rows, size, filterFields, false);
  }

  /** Contracts ending between today and today + withinDays, oldest end date first, with client and insurer. */
  async renewals(scope: PrivacyScope, query: RenewalsQueryDto): Promise<Page<ContractView>> {
    scope.assertFilterable('Contract', ['endDate'], 'sort', { action: 'list', resource: 'contract' });
    const size = pageSize(query.limit);
    const rows = await this.contracts.renewalsPage(scope, {
      withinDays: query.withinDays ?? 30,
      cursor: query.cursor,
      size,
    });
    return this.answerPage(scope, rows, size, ['endDate'], true);
  }

  // ---- for the conclusion and change services ----

  /**
   * The contract, its client's facts and the Contract fields the scope lets through; absent and
   * invisible contracts are refused alike: not found.
   */
  async requireVisible(
    scope: PrivacyScope,
    id: string,
    attempt: Attempt,
  ): Promise<{ row: ContractRow; facts: ClientSubjectFacts; fields: string[] }> {
    return this.clients.requireRecordVisible(scope, await this.contracts.find(scope, id), {
      entity: 'Contract',
      attempt,
      notFound: 'Contract',
    });
  }

  /** The contract projected to `fields` (read again, inside the caller's transaction). */
  async view(
    scope: PrivacyScope,
    id: string,
    fields: string[],
    manager: EntityManager,
  ): Promise<ContractView> {
    return contractView(scope, (await this.contracts.find(scope, id, manager))!, fields).value;
  }

  // ---- for commissions ----

  /**
   * The terms a commission is computed from, of one contract or of an insurer's contracts, only
   * those visible under the scope (in SQL). The caller records the read with what it answers.
   */
  async commissionBasis(
    scope: PrivacyScope,
    filter: { contractId?: string; insurerId?: string },
    manager?: EntityManager,
  ): Promise<CommissionBasis[]> {
    return (await this.commissionTerms.basis(scope, filter, manager)).map((row) => ({
      ...row,
      premium: Number(row.premium),
      commissionRateBp: Number(row.commissionRateBp),
    }));
  }

  // ---- for other modules (reminders, retention, data-subject requests, mailings) ----

  /** SQL: the client under `clientAlias` has a contract in the line named by `lobParam` (one-statement audiences). */
  clientHasLineSql(clientAlias: string, lobParam: string): string {
    return this.contracts.clientHasLineSql(clientAlias, lobParam);
  }

  /** SQL: the contract in `contractIdColumn` ended (or was cancelled) before the instant in `beforeParam`. */
  endedBeforeSql(contractIdColumn: string, beforeParam: string): string {
    return this.contracts.endedBeforeSql(contractIdColumn, beforeParam);
  }

  /** The contract table as a join (`JOIN contract alias ON alias.id = onColumn`), for one-statement lists. */
  joinSql(alias: string, onColumn: string): string {
    return this.contracts.joinSql(alias, onColumn);
  }

  /** SQL expressions over a contract joined with `joinSql`: its policy number, whether it was cancelled. */
  columnSql(alias: string): { policyNumber: string; cancelled: string } {
    return this.contracts.columnSql(alias);
  }

  /** The client a contract belongs to, by primary key only; null when there is no such contract. */
  clientIdOfWithoutPurpose(contractId: string, manager?: EntityManager): Promise<string | null> {
    return this.contracts.clientIdOfWithoutPurpose(contractId, manager);
  }

  /** Contracts (not cancelled) whose end date lies between `from` and `to`, both included. */
  async endingBetweenWithoutPurpose(
    from: string,
    to: string,
    manager?: EntityManager,
  ): Promise<ContractSummary[]> {
    return (await this.contracts.endingBetweenWithoutPurpose(from, to, manager)).map(toSummary);
  }

  /** Contracts running on `day` and not cancelled: the scan's search for missing documents. */
  async runningOnWithoutPurpose(day: string, manager?: EntityManager): Promise<ContractSummary[]> {
    return (await this.contracts.runningOnWithoutPurpose(day, manager)).map(toSummary);
  }

  /** Every contract of a client, cancelled ones included, oldest start first. */
  async forClientWithoutPurpose(clientId: string, manager?: EntityManager): Promise<ContractSummary[]> {
    return (await this.contracts.forClientWithoutPurpose(clientId, manager)).map(toSummary);
  }

  /**
   * For reminder scans: contracts active today, not cancelled, ending exactly on `date`; keyset by
   * id; optionally only in some lines, and only those running longer than a number of days.
   */
  activeEndingOnWithoutPurpose(
    date: string,
    limit: number,
    afterId?: string,
    manager?: EntityManager,
    only?: { lines?: readonly string[]; longerThanDays?: number },
  ): Promise<ContractEndingSoon[]> {
    return this.contracts.activeEndingOnWithoutPurpose(date, limit, afterId ?? null, manager, only);
  }

  /** Per client (every id asked for): the latest contract end and whether a contract still runs. */
  async retentionFactsWithoutPurpose(
    clientIds: string[],
    manager?: EntityManager,
  ): Promise<Map<string, ContractRetentionFacts>> {
    const result = new Map<string, ContractRetentionFacts>(
      clientIds.map((id) => [id, { latestEndDate: null, anyActive: false }]),
    );
    if (clientIds.length === 0) return result;
    for (const row of await this.contracts.retentionFactsWithoutPurpose(clientIds, manager))
      result.set(row.clientId, { latestEndDate: row.latestEndDate, anyActive: row.anyActive });
    return result;
  }

  /** Demo data: how many contracts the given clients hold. */
  countSeededFor(clientIds: string[], manager: EntityManager): Promise<number> {
    return this.contracts.countForClientsSeed(clientIds, manager);
  }

  /** Demo data: a contract as the seed makes it (no staff member, no purpose, dated around today). */
  insertSeed(input: Parameters<ContractRepository['insertSeed']>[0], manager: EntityManager): Promise<void> {
    return this.contracts.insertSeed(input, manager);
  }

  private async answerPage(
    scope: PrivacyScope,
    rows: ContractRow[],
    size: number,
    filterFields: string[],
    withParties: boolean,
  ): Promise<Page<ContractView>> {
    const page = rows.slice(0, size);
    const facts = await this.clients.subjectFacts(scope, page);
    const { items, fields, clientIds } = projectContractPage(scope, page, facts, filterFields, withParties);
    await this.audit.record({ action: 'list', resource: 'contract', clientIds, fields, outcome: 'allowed' });
    const last = page[page.length - 1];
    return {
      items,
      nextCursor: rows.length > size && last ? encodeCursor([last.sortKey ?? null, last.id]) : null,
    };
  }
}

function toSummary(row: ContractSummaryRow): ContractSummary {
  return {
    id: row.id,
    clientId: row.clientId,
    insurerId: row.insurerId,
    insurerName: row.insurerName,
    policyNumber: row.policyNumber,
    lineOfBusiness: row.lineOfBusiness,
    startDate: row.startDate,
    endDate: row.endDate,
    status: row.status,
    premium: toMoney(row.premium, row.currency)!,
    commission: toMoney(row.commission, row.currency)!,
    role: row.role,
    source: row.source,
    insuredId: row.insuredId ?? row.clientId,
    insuredObject: insuredObjectView(row.insuredObject, row.currency),
  };
}
