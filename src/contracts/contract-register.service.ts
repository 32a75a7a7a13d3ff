import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { LineOfBusiness, PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { InsurersService, UnknownInsurerError } from '../insurers';
import { DuplicateCoverageError, UnknownCoverageCodeError, unknownCoverageCodes } from '../offers';
import { ContractCoverageDto, RegisterContractDto } from './contract.dto';
import { ContractRepository } from './contract.repository';
import { ContractView } from './contract-views';
import {
  EndNotAfterStartError,
  InsuredMismatchError,
  InsuredObjectNotOfLineError,
  PolicyNumberTakenError,
} from './contracts.errors';
import { ContractsService } from './contracts.service';
import { InsuredObjectInput, kindFitsLine, storedInsuredObject } from './insured-object';

/** Checks shared by the register and annexes: coverage codes of the line, each once. */
export function checkCoverages(line: LineOfBusiness, coverages: ContractCoverageDto[], field: string): void {
  const codes = coverages.map((c) => c.code);
  const unknown = unknownCoverageCodes(line, codes);
  if (unknown.length > 0) throw new UnknownCoverageCodeError(field, unknown, line);
  const repeated = codes.filter((c, i) => codes.indexOf(c) !== i);
  if (repeated.length > 0) throw new DuplicateCoverageError([...new Set(repeated)]);
}

/** Checks shared by the register and annexes: the object's kind fits the line. */
export function checkInsuredObject(line: LineOfBusiness, object: InsuredObjectInput | undefined): void {
  if (object && !kindFitsLine(object.kind, line)) throw new InsuredObjectNotOfLineError(object.kind, line);
}

/**
 * The policy register: a policy entered directly, without an offer request or a quote (brought by
 * the client, or taken over from another broker). The policyholder and the insured may be two
 * clients; each must be visible under the caller's scope (its portfolio included), and the
 * contract belongs to the policyholder as any concluded one does.
 */
@Injectable()
export class ContractRegisterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contracts: ContractRepository,
    private readonly reads: ContractsService,
    private readonly clients: ClientsService,
    private readonly insurers: InsurersService,
    private readonly audit: AuditRecorder,
  ) {}

  async register(scope: PrivacyScope, input: RegisterContractDto): Promise<ContractView> {
    const written = [
      'policyNumber',
      'productName',
      'startDate',
      'endDate',
      'premium',
      'commissionRate',
      'commission',
      'sumInsured',
      'coverages',
      ...(input.insuredId || input.insuredObject?.kind === 'person' ? ['insuredId'] : []),
      ...(input.insuredObject ? ['insuredObject'] : []),
    ];
    const attempt = { action: 'create' as const, resource: 'contract' as const, fields: written };
    scope.assertWritable('create', 'Contract', null, written, attempt);
    const personId = input.insuredObject?.kind === 'person' ? input.insuredObject.clientId : undefined;
    if (personId && input.insuredId && personId !== input.insuredId) throw new InsuredMismatchError();
    const insuredId = input.insuredId ?? personId ?? null;
    const policyholder = await this.clients.requireVisible(scope, input.policyholderId, attempt);
    if (insuredId && insuredId !== input.policyholderId)
      await this.clients.requireVisible(scope, insuredId, attempt);
    if (input.endDate <= input.startDate) throw new EndNotAfterStartError();
    checkInsuredObject(input.lineOfBusiness, input.insuredObject);
    checkCoverages(input.lineOfBusiness, input.coverages ?? [], 'coverages');
    const stored = input.insuredObject ? storedInsuredObject(input.insuredObject) : null;
    const clientIds = [...new Set([input.policyholderId, ...(insuredId ? [insuredId] : [])])];
    return this.dataSource.transaction(async (manager) => {
      // Client rows first, in a fixed order: erasure locks them before the contract rows.
      for (const id of [...clientIds].sort()) await this.clients.assertNotAnonymised(id, attempt, manager);
      if (!(await this.insurers.findById(input.insurerId, manager))) throw new UnknownInsurerError();
      if (await this.contracts.policyNumberTaken(input.insurerId, input.policyNumber, manager))
        throw new PolicyNumberTakenError();
      let id: string;
      try {
        id = await this.contracts.insertRegistered(
          {
            clientId: input.policyholderId,
            insuredId: insuredId === input.policyholderId ? null : insuredId,
            insurerId: input.insurerId,
            lineOfBusiness: input.lineOfBusiness,
            policyNumber: input.policyNumber,
            productName: input.productName,
            startDate: input.startDate,
            endDate: input.endDate,
            premium: input.premium.amount,
            commissionRateBp: Math.round((input.commissionRate ?? 0) * 10_000),
            sumInsured: input.sumInsured?.amount ?? (stored?.kind === 'property' ? stored.sumInsured : 0),
            coverages: (input.coverages ?? []).map((c) => ({ code: c.code, limit: c.limit.amount })),
            source: input.source,
            insuredObject: stored,
            createdBy: scope.staffMember,
          },
          manager,
        );
      } catch (error) {
        if ((error as { constraint?: string }).constraint === 'contract_policy_number_key')
          throw new PolicyNumberTakenError();
        throw error;
      }
      for (const clientId of clientIds) await this.clients.touch(clientId, manager);
      await this.audit.record(
        {
          action: 'create',
          resource: 'contract',
          resourceId: id,
          clientIds,
          fields: written,
          outcome: 'allowed',
        },
        manager,
      );
      const fields = scope.clientRecordFields('Contract', policyholder);
      return this.reads.view(scope, id, fields, manager);
    });
  }
}
