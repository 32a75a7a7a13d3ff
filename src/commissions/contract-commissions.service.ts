import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { Attempt, PURPOSES, Purpose, PrivacyScope, REGISTRY } from '@app/privacy';
import { ContractsService } from '../contracts';
import { InstalmentsService } from '../instalments';
import { Money, toMoney } from '../offers';
import { CommissionAgreementsService } from './commission-agreements.service';
import { CommissionStatementRepository } from './commission-statement.repository';
import { ContractCommission, contractCommission } from './contract-commission';
import { ExpectedCommission } from './reconciliation';

/** What a contract's commission reveals: its premium and commission, and the schedule's amounts. */
const CONTRACT_FIELDS = ['premium', 'commission'] as const;
const INSTALMENT_FIELDS = ['dueDate', 'amount', 'paidAmount', 'status'] as const;

const reads = (access: { read: 'all' | readonly string[] } | undefined, fields: readonly string[]) =>
  access !== undefined && (access.read === 'all' || fields.every((f) => access.read.includes(f)));

/** The purposes the registry lets read a contract's premium and commission and its schedule's amounts. */
export const COMMISSION_READING: Purpose[] = PURPOSES.filter(
  (p) =>
    reads(REGISTRY[p].access.Contract, CONTRACT_FIELDS) &&
    reads(REGISTRY[p].access.Instalment, INSTALMENT_FIELDS),
);

export interface ContractCommissionView {
  contractId: string;
  basis: ContractCommission['basis'];
  agreementId: string | null;
  year: ContractCommission['year'];
  rate: number;
  premium: Money;
  commission: Money;
  earned: Money;
  settled: Money;
  splits: Array<{ staffId: string; share: number; commission: Money }>;
  instalments: Array<Record<string, unknown>> | null;
}

/**
 * Commissions of contracts: the policy card's commission (rate, split, each instalment's part and
 * what the payments earned), and what a statement of an insurer is expected to pay, contract by
 * contract. Contracts and schedules are read through their modules, under the caller's scope.
 */
@Injectable()
export class ContractCommissionsService {
  constructor(
    private readonly contracts: ContractsService,
    private readonly instalments: InstalmentsService,
    private readonly agreements: CommissionAgreementsService,
    private readonly statements: CommissionStatementRepository,
    private readonly audit: AuditRecorder,
    private readonly clock: BrokerClock,
  ) {}

  /** `GET /api/contracts/:id/commission`. */
  async ofContract(scope: PrivacyScope, contractId: string): Promise<ContractCommissionView> {
    const attempt: Attempt = {
      action: 'read',
      resource: 'contract',
      resourceId: contractId,
      fields: [...CONTRACT_FIELDS],
    };
    const { row, facts, fields } = await this.contracts.requireVisible(scope, contractId, attempt);
    const instalmentFields = scope.clientRecordFields('Instalment', facts);
    if (
      ![...CONTRACT_FIELDS].every((f) => fields.includes(f)) ||
      !INSTALMENT_FIELDS.every((f) => instalmentFields.includes(f))
    )
      scope.notFound({ ...attempt, clientIds: [row.clientId] }, 'Contract', true);
    const [basis] = await this.contracts.commissionBasis(scope, { contractId });
    if (!basis) scope.notFound({ ...attempt, clientIds: [row.clientId] }, 'Contract', true);
    const schedules = await this.instalments.schedulesOf(scope, [contractId]);
    const settled = await this.statements.settledPaidByContract([contractId]);
    const computed = contractCommission(
      basis,
      await this.agreements.ofInsurer(basis.insurerId),
      schedules.get(contractId),
      settled.get(contractId) ?? 0,
    );
    await this.audit.record({
      action: 'read',
      resource: 'contract',
      resourceId: contractId,
      clientIds: [row.clientId],
      fields: [
        ...CONTRACT_FIELDS,
        ...(computed.instalments ? INSTALMENT_FIELDS.map((f) => `instalment.${f}`) : []),
      ],
      outcome: 'allowed',
    });
    return view(contractId, computed, row.currency);
  }

  /**
   * For a statement of `insurerId`: each of the insurer's contracts visible under the scope, with
   * the commission still expected on it (earned so far less what settled lines already paid);
   * a running contract with something expected is due on the statement.
   */
  async expectedOf(
    scope: PrivacyScope,
    insurerId: string,
    manager: EntityManager,
  ): Promise<ExpectedCommission[]> {
    const contracts = await this.contracts.commissionBasis(scope, { insurerId }, manager);
    const ids = contracts.map((c) => c.id);
    const [agreements, schedules, settled] = await Promise.all([
      this.agreements.ofInsurer(insurerId, manager),
      this.instalments.schedulesOf(scope, ids, manager),
      this.statements.settledPaidByContract(ids, manager),
    ]);
    const today = this.clock.today();
    return contracts.map((c) => {
      const computed = contractCommission(c, agreements, schedules.get(c.id), settled.get(c.id) ?? 0);
      const expected = Math.max(0, computed.earned - computed.settled);
      return {
        contractId: c.id,
        clientId: c.clientId,
        policyNumber: c.policyNumber,
        expected,
        due: c.status !== 'cancelled' && c.startDate <= today,
      };
    });
  }
}

function view(contractId: string, c: ContractCommission, currency: string): ContractCommissionView {
  const money = (amount: number) => toMoney(amount, currency)!;
  return {
    contractId,
    basis: c.basis,
    agreementId: c.agreementId,
    year: c.year,
    rate: c.rateBp / 10_000,
    premium: money(c.premium),
    commission: money(c.commission),
    earned: money(c.earned),
    settled: money(c.settled),
    splits: c.splits.map((s) => ({
      staffId: s.staffId,
      share: s.shareBp / 10_000,
      commission: money(s.amount),
    })),
    instalments:
      c.instalments?.map((i) => ({
        id: i.id,
        number: i.number,
        dueDate: i.dueDate,
        amount: money(i.amount),
        paidAmount: money(i.paidAmount),
        status: i.status,
        commission: money(i.commission),
        earned: money(i.earned),
      })) ?? null,
  };
}
