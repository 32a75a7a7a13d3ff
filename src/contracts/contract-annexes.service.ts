import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { toMoney } from '../offers';
import { CreateAnnexDto } from './contract-annex.dto';
import { ContractAnnexRepository, ContractAnnexRow } from './contract-annex.repository';
import { checkCoverages, checkInsuredObject } from './contract-register.service';
import { AnnexTerms } from './contract-row';
import { ContractTermsRow } from './contract-row';
import { ContractRepository } from './contract.repository';
import {
  AnnexDateOutsideContractError,
  AnnexWithoutChangesError,
  CancelledContractAnnexError,
  EndNotAfterStartError,
} from './contracts.errors';
import { ContractsService } from './contracts.service';
import { insuredObjectView, storedInsuredObject } from './insured-object';

export type AnnexView = Record<string, unknown> & { id: string };

/** The terms an annex may change, in the order they are listed. */
const TERMS = ['premium', 'sumInsured', 'endDate', 'coverages', 'insuredObject'] as const;
type Term = (typeof TERMS)[number];
const ANNEX_FIELDS = ['effectiveDate', 'reason', 'changes', 'previous'];

/** The commission at a rate in basis points, rounded half up to the grosz, in exact integer arithmetic. */
export function commissionAt(premium: number | string, rateBp: number): number {
  return Number((BigInt(premium) * BigInt(rateBp) * 2n + 10_000n) / 20_000n);
}

/**
 * Annexes: a contract changes only through them. An annex is applied to the contract at once, its
 * effective date kept with it in the history, so the contract always shows its latest terms and
 * the history tells from when each held (an annex dated ahead is entered when the insurer issues
 * it, not when it starts). A new premium brings a new commission at the contract's own rate.
 */
@Injectable()
export class ContractAnnexesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contracts: ContractRepository,
    private readonly annexes: ContractAnnexRepository,
    private readonly reads: ContractsService,
    private readonly clients: ClientsService,
    private readonly audit: AuditRecorder,
  ) {}

  async create(scope: PrivacyScope, contractId: string, input: CreateAnnexDto): Promise<AnnexView> {
    const changes = input.changes;
    const terms = TERMS.filter((t) => changes[t] !== undefined);
    const personId = changes.insuredObject?.kind === 'person' ? changes.insuredObject.clientId : undefined;
    const contractFields: string[] = [
      ...terms,
      ...(terms.includes('premium') ? ['commission'] : []),
      ...(personId ? ['insuredId'] : []),
    ];
    const attempt = {
      action: 'create' as const,
      resource: 'contract_annex' as const,
      resourceId: null,
      fields: [...ANNEX_FIELDS, ...contractFields.map((f) => `contract.${f}`)],
    };
    scope.assertWritable('create', 'ContractAnnex', null, ANNEX_FIELDS, attempt);
    if (terms.length === 0) throw new AnnexWithoutChangesError();
    const { row, facts, fields } = await this.reads.requireVisible(scope, contractId, attempt);
    const annexFields = scope.clientRecordFields('ContractAnnex', facts);
    if (annexFields.length === 0) scope.notFound({ ...attempt, clientIds: [row.clientId] }, 'Contract', true);
    scope.assertWritable('update', 'Contract', { clientId: facts.id }, contractFields, {
      ...attempt,
      clientIds: [row.clientId],
    });
    if (personId && personId !== row.clientId) await this.clients.requireVisible(scope, personId, attempt);
    checkInsuredObject(row.lineOfBusiness, changes.insuredObject);
    if (changes.coverages) checkCoverages(row.lineOfBusiness, changes.coverages, 'changes.coverages');
    if (row.status === 'cancelled') throw new CancelledContractAnnexError();
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(row.clientId, attempt, manager);
      const current = await this.contracts.lockTerms(contractId, manager);
      if (!current || current.status === 'cancelled') throw new CancelledContractAnnexError();
      const endDate = changes.endDate ?? current.endDate;
      if (endDate <= current.startDate) throw new EndNotAfterStartError();
      if (input.effectiveDate < current.startDate || input.effectiveDate > endDate)
        throw new AnnexDateOutsideContractError();
      const next: AnnexTerms = {};
      const previous: AnnexTerms = {};
      for (const term of terms) Object.assign(previous, termOf(current, term));
      if (changes.premium) {
        next.premium = changes.premium.amount;
        next.commission = commissionAt(changes.premium.amount, current.commissionRateBp);
        previous.commission = Number(current.commission);
      }
      if (changes.sumInsured) next.sumInsured = changes.sumInsured.amount;
      if (changes.endDate) next.endDate = changes.endDate;
      if (changes.coverages)
        next.coverages = changes.coverages.map((c) => ({ code: c.code, limit: c.limit.amount }));
      if (changes.insuredObject) next.insuredObject = storedInsuredObject(changes.insuredObject);
      const insuredId = personId === undefined ? undefined : personId === row.clientId ? null : personId;
      await this.contracts.applyTerms(contractId, next, insuredId, manager);
      const id = await this.annexes.insert(
        {
          contractId,
          effectiveDate: input.effectiveDate,
          reason: input.reason,
          changes: next,
          previous,
          createdBy: scope.staffMember,
        },
        manager,
      );
      await this.clients.touch(row.clientId, manager);
      await this.audit.record(
        {
          action: 'create',
          resource: 'contract_annex',
          resourceId: id,
          clientIds: [...new Set([row.clientId, ...(personId ? [personId] : [])])],
          fields: attempt.fields,
          outcome: 'allowed',
        },
        manager,
      );
      const annex = (await this.annexes.find(scope, id, manager))!;
      return annexView(scope, annex, annexFields, fields).value;
    });
  }

  async list(scope: PrivacyScope, contractId: string): Promise<AnnexView[]> {
    const attempt = { action: 'list' as const, resource: 'contract_annex' as const, resourceId: contractId };
    const { row, facts, fields } = await this.reads.requireVisible(scope, contractId, attempt);
    const annexFields = scope.clientRecordFields('ContractAnnex', facts);
    if (annexFields.length === 0) scope.notFound({ ...attempt, clientIds: [row.clientId] }, 'Contract', true);
    const seen = new Set<string>();
    const items = (await this.annexes.forContract(scope, contractId)).map((annex) => {
      const view = annexView(scope, annex, annexFields, fields);
      view.fields.forEach((f) => seen.add(f));
      return view.value;
    });
    await this.audit.record({
      action: 'list',
      resource: 'contract_annex',
      resourceId: contractId,
      clientIds: [row.clientId],
      fields: [...seen],
      outcome: 'allowed',
    });
    return items;
  }
}

function termOf(current: ContractTermsRow, term: Term): AnnexTerms {
  switch (term) {
    case 'premium':
      return { premium: Number(current.premium) };
    case 'sumInsured':
      return { sumInsured: Number(current.sumInsured) };
    case 'endDate':
      return { endDate: current.endDate };
    case 'coverages':
      return { coverages: current.coverages };
    case 'insuredObject':
      return { insuredObject: current.insuredObject };
  }
}

/** Terms as the API shows them, only those whose contract field the scope reads. */
function termsView(terms: AnnexTerms, currency: string, contractFields: string[]) {
  const money = (amount: number | undefined) =>
    amount === undefined ? undefined : toMoney(amount, currency);
  const all: Record<string, unknown> = {
    premium: money(terms.premium),
    commission: money(terms.commission),
    sumInsured: money(terms.sumInsured),
    endDate: terms.endDate,
    coverages: terms.coverages?.map((c) => ({ code: c.code, limit: toMoney(c.limit, currency) })),
    insuredObject:
      terms.insuredObject === undefined ? undefined : insuredObjectView(terms.insuredObject, currency),
  };
  return Object.fromEntries(
    Object.entries(all).filter(([key, value]) => value !== undefined && contractFields.includes(key)),
  );
}

/** An annex projected to `fields`; `fields` lists the personal fields that left. */
function annexView(
  scope: PrivacyScope,
  row: ContractAnnexRow,
  fields: string[],
  contractFields: string[],
): { value: AnnexView; fields: string[] } {
  const record = {
    id: row.id,
    contractId: row.contractId,
    clientId: row.clientId,
    createdAt: row.createdAt,
    effectiveDate: row.effectiveDate,
    reason: row.reason,
    changes: termsView(row.changes, row.currency, contractFields),
    previous: termsView(row.previous, row.currency, contractFields),
  };
  const projected = scope.project(fields, record);
  return {
    value: projected.value as AnnexView,
    fields: projected.fields.filter((f) => ANNEX_FIELDS.includes(f)),
  };
}
