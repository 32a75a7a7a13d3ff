import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { OfferRequestConcludedError, OffersService } from '../offers';
import { ConcludeContractDto } from './contract.dto';
import { ContractRepository } from './contract.repository';
import { ContractView } from './contract-views';
import {
  EndNotAfterStartError,
  MismatchNotAcknowledgedError,
  PolicyNumberTakenError,
  QuoteDeclinedError,
  QuoteExpiredError,
  QuoteNotOfRequestError,
} from './contracts.errors';
import { ContractsService } from './contracts.service';

/** Written on conclusion: what the broker gives, and what is taken over from the chosen quote. */
const CONCLUDED_FIELDS = [
  'policyNumber',
  'startDate',
  'endDate',
  'recommendation',
  'productName',
  'coverages',
  'sumInsured',
  'deductible',
  'premium',
  'commissionRate',
  'commission',
];

/** Concludes an offer request: a contract from one of its valid quotes, the request closed. */
@Injectable()
export class ContractConclusionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contracts: ContractRepository,
    private readonly reads: ContractsService,
    private readonly offers: OffersService,
    private readonly clients: ClientsService,
    private readonly audit: AuditRecorder,
  ) {}

  async conclude(
    scope: PrivacyScope,
    offerRequestId: string,
    input: ConcludeContractDto,
  ): Promise<ContractView> {
    const given = ['policyNumber', 'startDate', 'endDate', 'recommendation'];
    scope.assertWritable('create', 'Contract', null, given, { action: 'create', resource: 'contract' });
    const { row: request, fields } = await this.offers.requireVisibleRequest(
      scope,
      offerRequestId,
      'Contract',
      { action: 'create', resource: 'contract' },
      ['OfferRequest'],
    );
    if (input.endDate <= input.startDate) throw new EndNotAfterStartError();
    return this.dataSource.transaction(async (manager) => {
      // The client row first: erasure locks it before the offer and contract rows.
      await this.clients.assertNotAnonymised(
        request.clientId,
        { action: 'create', resource: 'contract', fields: CONCLUDED_FIELDS },
        manager,
      );
      const locked = await this.offers.findRequest(scope, offerRequestId, manager, true);
      if (!locked || locked.status !== 'open') throw new OfferRequestConcludedError();
      const quote = await this.offers.findQuote(scope, offerRequestId, input.quoteId, manager);
      if (!quote) throw new QuoteNotOfRequestError();
      if (quote.status === 'declined') throw new QuoteDeclinedError();
      if (quote.expired) throw new QuoteExpiredError();
      // Judged against the locked request, as the comparison judges it: a quote that misses the
      // needs is concluded only knowingly, and what was accepted stays with the contract.
      const mismatch = this.offers.mismatchOf(locked, quote);
      if (mismatch && input.acknowledgedMismatch !== true) throw new MismatchNotAcknowledgedError(mismatch);
      if (await this.contracts.policyNumberTaken(quote.insurerId, input.policyNumber, manager))
        throw new PolicyNumberTakenError();
      let id: string;
      try {
        id = await this.contracts.insert(
          {
            clientId: locked.clientId,
            insurerId: quote.insurerId,
            offerRequestId: locked.id,
            quoteId: quote.id,
            lineOfBusiness: locked.lineOfBusiness,
            policyNumber: input.policyNumber,
            productName: quote.productName,
            startDate: input.startDate,
            endDate: input.endDate,
            premium: quote.premium,
            commissionRateBp: quote.commissionRateBp,
            sumInsured: quote.sumInsured,
            deductible: quote.deductible,
            currency: quote.currency,
            coverages: quote.coverages,
            recommendation: input.recommendation,
            concludedBy: scope.staffMember,
            acknowledgedMismatch: mismatch,
          },
          manager,
        );
      } catch (error) {
        if ((error as { constraint?: string }).constraint === 'contract_policy_number_key')
          throw new PolicyNumberTakenError();
        throw error;
      }
      await this.offers.markConcluded(manager, offerRequestId);
      await this.clients.touch(locked.clientId, manager);
      await this.audit.record(
        {
          action: 'create',
          resource: 'contract',
          resourceId: id,
          clientIds: [locked.clientId],
          fields: mismatch ? [...CONCLUDED_FIELDS, 'acknowledgedMismatch'] : CONCLUDED_FIELDS,
          outcome: 'allowed',
          reason: mismatch ? 'MISMATCH_ACKNOWLEDGED' : null,
        },
        manager,
      );
      return this.reads.view(scope, id, fields, manager);
    });
  }
}
