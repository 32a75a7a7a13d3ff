import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { Money, OfferRequestView, OffersService, RenewalAlreadyStartedError, toMoney } from '../offers';
import { CancelContractDto, StartRenewalDto } from './contract.dto';
import { ContractRow } from './contract-row';
import { ContractRepository } from './contract.repository';
import { ContractView } from './contract-views';
import {
  ContractAlreadyCancelledError,
  ContractCancelledError,
  ContractEndedError,
  ErasureRefusedNoNewOfferError,
} from './contracts.errors';
import { ContractsService } from './contracts.service';

/** Changes to a concluded contract: its cancellation, and the offer request that renews it. */
@Injectable()
export class ContractChangesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contracts: ContractRepository,
    private readonly reads: ContractsService,
    private readonly offers: OffersService,
    private readonly clients: ClientsService,
    private readonly audit: AuditRecorder,
  ) {}

  async cancel(scope: PrivacyScope, id: string, input: CancelContractDto): Promise<ContractView> {
    const written = ['cancelledAt', 'cancellationReason'];
    const attempt = {
      action: 'update' as const,
      resource: 'contract' as const,
      resourceId: id,
      fields: written,
    };
    const { row, facts, fields } = await this.reads.requireVisible(scope, id, attempt);
    scope.assertWritable('update', 'Contract', { clientId: facts.id }, written, {
      ...attempt,
      clientIds: [row.clientId],
    });
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(row.clientId, attempt, manager);
      const status = await this.contracts.lockStatus(id, manager);
      if (status === 'cancelled') throw new ContractAlreadyCancelledError();
      if (status === 'ended') throw new ContractEndedError();
      await this.contracts.cancel(id, input.reason, scope.staffMember, manager);
      await this.clients.touch(row.clientId, manager);
      await this.audit.record(
        {
          action: 'update',
          resource: 'contract',
          resourceId: id,
          clientIds: [row.clientId],
          fields: written,
          outcome: 'allowed',
        },
        manager,
      );
      return this.reads.view(scope, id, fields, manager);
    });
  }

  /** Opens the offer request that renews a contract (one per contract), with the needs carried over unless new ones are given. */
  async startRenewal(
    scope: PrivacyScope,
    contractId: string,
    input: StartRenewalDto,
  ): Promise<OfferRequestView> {
    const { row } = await this.reads.requireVisible(scope, contractId, {
      action: 'create',
      resource: 'offer_request',
      resourceId: null,
      fields: [],
    });
    const needs = input.needs ?? (await this.carriedOverNeeds(scope, row));
    const written = ['requiredCoverages', 'maxPremium', 'notes'].filter(
      (f) => (needs as Record<string, unknown>)[f] != null,
    );
    scope.assertWritable('create', 'OfferRequest', null, written, {
      action: 'create',
      resource: 'offer_request',
      clientIds: [row.clientId],
    });
    if (row.status === 'cancelled') throw new ContractCancelledError();
    if (row.erasureRefused) throw new ErasureRefusedNoNewOfferError();
    if (row.renewalOfferRequestId) throw new RenewalAlreadyStartedError(row.renewalOfferRequestId);
    this.offers.checkNeeds(row.lineOfBusiness, needs.requiredCoverages);
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(
        row.clientId,
        { action: 'create', resource: 'offer_request', fields: written },
        manager,
      );
      const id = await this.offers.insertRequest(manager, {
        clientId: row.clientId,
        lineOfBusiness: row.lineOfBusiness,
        needs,
        renewsContractId: contractId,
        createdBy: scope.staffMember,
      });
      await this.audit.record(
        {
          action: 'create',
          resource: 'offer_request',
          resourceId: id,
          clientIds: [row.clientId],
          fields: written,
          outcome: 'allowed',
        },
        manager,
      );
      return (await this.offers.viewRequest(scope, id, manager))!.value;
    });
  }

  private async carriedOverNeeds(
    scope: PrivacyScope,
    row: ContractRow,
  ): Promise<{ requiredCoverages: string[]; maxPremium?: Money | null; notes?: string | null }> {
    const origin = row.offerRequestId ? await this.offers.findRequest(scope, row.offerRequestId) : null;
    if (origin) {
      return {
        requiredCoverages: origin.requiredCoverages,
        maxPremium: toMoney(origin.maxPremium, origin.currency),
        notes: origin.notes,
      };
    }
    return { requiredCoverages: row.coverages.map((c) => c.code) };
  }
}
