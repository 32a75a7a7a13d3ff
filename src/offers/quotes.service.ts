import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { InsurersService, UnknownInsurerError } from '../insurers';
import { unknownCoverageCodes } from './coverage-codes';
import { rateToBasisPoints } from './money';
import { CreateQuoteDto, UpdateQuoteDto } from './offer.dto';
import { OfferRequestRepository } from './offer-request.repository';
import { OFFER_FIELDS, QuoteView, quoteFieldsOf, quoteView } from './offer-views';
import { NewQuote } from './quote.repository';
import {
  DeclinedQuoteWithOfferError,
  DuplicateCoverageError,
  NothingToCorrectError,
  OfferRequestConcludedError,
  OfferedQuoteWithDeclineReasonError,
  UnknownCoverageCodeError,
  ValidityInPastError,
} from './offers.errors';
import { OffersService } from './offers.service';
import { QuoteRepository } from './quote.repository';

/** Quotes collected for an offer request: an insurer's offer, or its refusal with a reason. */
@Injectable()
export class QuotesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly offers: OffersService,
    private readonly requests: OfferRequestRepository,
    private readonly quotes: QuoteRepository,
    private readonly clients: ClientsService,
    private readonly insurers: InsurersService,
    private readonly audit: AuditRecorder,
  ) {}

  /**
   * Corrects a quote before its request is concluded (the insurer re-issued it, a figure was
   * mistyped): the fields given change, validated as on entry; an offered quote keeps being an
   * offer and a declined one a refusal. After conclusion the contract carries the terms: refused.
   */
  async updateQuote(
    scope: PrivacyScope,
    offerRequestId: string,
    quoteId: string,
    input: UpdateQuoteDto,
  ): Promise<QuoteView> {
    const fields = quoteFieldsOf(input);
    const attempt = { action: 'update' as const, resource: 'quote' as const, resourceId: quoteId, fields };
    const { row, facts } = await this.offers.requireVisibleRequest(scope, offerRequestId, 'Quote', attempt, [
      'OfferRequest',
    ]);
    scope.assertWritable('update', 'Quote', { clientId: facts.id }, fields, {
      ...attempt,
      clientIds: [row.clientId],
    });
    if (fields.length === 0) throw new NothingToCorrectError();
    if (input.coverages) {
      const codes = input.coverages.map((c) => c.code);
      const unknown = unknownCoverageCodes(row.lineOfBusiness, codes);
      if (unknown.length > 0) throw new UnknownCoverageCodeError('coverages', unknown, row.lineOfBusiness);
      const repeated = codes.filter((c, i) => codes.indexOf(c) !== i);
      if (repeated.length > 0) throw new DuplicateCoverageError([...new Set(repeated)]);
    }
    if (row.status !== 'open') throw new OfferRequestConcludedError();
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(row.clientId, attempt, manager);
      if ((await this.requests.lockStatus(offerRequestId, manager)) !== 'open')
        throw new OfferRequestConcludedError();
      const [quote] = await this.quotes.forRequest(scope, offerRequestId, manager, quoteId);
      if (!quote) scope.notFound({ ...attempt, clientIds: [row.clientId] }, 'Quote', false);
      if (quote.status === 'declined') {
        const offered = fields.filter((f) => f !== 'declineReason');
        if (offered.length > 0) throw new DeclinedQuoteWithOfferError(offered);
      } else if (input.declineReason !== undefined) {
        throw new OfferedQuoteWithDeclineReasonError();
      }
      if (input.validUntil && (await this.quotes.isBeforeToday(input.validUntil, manager)))
        throw new ValidityInPastError();
      const patch: Partial<NewQuote> = {
        productName: input.productName,
        premium: input.premium?.amount,
        sumInsured: input.sumInsured?.amount,
        deductible: input.deductible?.amount,
        coverages: input.coverages?.map((c) => ({ code: c.code, limit: c.limit.amount })),
        validUntil: input.validUntil,
        commissionRateBp:
          input.commissionRate === undefined ? undefined : rateToBasisPoints(input.commissionRate),
        declineReason: input.declineReason,
      };
      await this.quotes.update(quoteId, patch, manager);
      await this.requests.touch(offerRequestId, manager);
      await this.clients.touch(row.clientId, manager);
      await this.audit.record(
        {
          action: 'update',
          resource: 'quote',
          resourceId: quoteId,
          clientIds: [row.clientId],
          fields,
          outcome: 'allowed',
        },
        manager,
      );
      const [updated] = await this.quotes.forRequest(scope, offerRequestId, manager, quoteId);
      return quoteView(scope, updated, scope.clientRecordFields('Quote', facts)).value;
    });
  }

  async addQuote(scope: PrivacyScope, offerRequestId: string, input: CreateQuoteDto): Promise<QuoteView> {
    const fields = quoteFieldsOf(input);
    scope.assertWritable('create', 'Quote', null, fields, {
      action: 'create',
      resource: 'quote',
      clientIds: [],
    });
    const { row } = await this.offers.requireVisibleRequest(scope, offerRequestId, 'OfferRequest', {
      action: 'create',
      resource: 'quote',
      resourceId: null,
    });
    if (input.declined) {
      const offered = [...OFFER_FIELDS, 'commissionRate'].filter(
        (f) => (input as unknown as Record<string, unknown>)[f] !== undefined,
      );
      if (offered.length > 0) throw new DeclinedQuoteWithOfferError(offered);
    } else {
      const codes = input.coverages!.map((c) => c.code);
      const unknown = unknownCoverageCodes(row.lineOfBusiness, codes);
      if (unknown.length > 0) throw new UnknownCoverageCodeError('coverages', unknown, row.lineOfBusiness);
      const repeated = codes.filter((c, i) => codes.indexOf(c) !== i);
      if (repeated.length > 0) throw new DuplicateCoverageError([...new Set(repeated)]);
    }
    if (row.status !== 'open') throw new OfferRequestConcludedError();
    return this.dataSource.transaction(async (manager) => {
      // The client row first: erasure locks it before the offer rows.
      await this.clients.assertNotAnonymised(
        row.clientId,
        { action: 'create', resource: 'quote', fields },
        manager,
      );
      if ((await this.requests.lockStatus(offerRequestId, manager)) !== 'open')
        throw new OfferRequestConcludedError();
      if (!(await this.insurers.findById(input.insurerId, manager))) throw new UnknownInsurerError();
      if (input.validUntil && (await this.quotes.isBeforeToday(input.validUntil, manager)))
        throw new ValidityInPastError();
      const id = await this.quotes.insert(
        {
          offerRequestId,
          insurerId: input.insurerId,
          status: input.declined ? 'declined' : 'offered',
          productName: input.productName ?? null,
          premium: input.premium?.amount ?? null,
          sumInsured: input.sumInsured?.amount ?? null,
          deductible: input.deductible?.amount ?? null,
          coverages: (input.coverages ?? []).map((c) => ({ code: c.code, limit: c.limit.amount })),
          validUntil: input.validUntil ?? null,
          commissionRateBp: input.declined ? null : rateToBasisPoints(input.commissionRate ?? 0),
          declineReason: input.declined ? input.declineReason! : null,
          createdBy: scope.staffMember,
        },
        manager,
      );
      await this.requests.touch(offerRequestId, manager);
      await this.clients.touch(row.clientId, manager);
      await this.audit.record(
        {
          action: 'create',
          resource: 'quote',
          resourceId: id,
          clientIds: [row.clientId],
          fields,
          outcome: 'allowed',
        },
        manager,
      );
      const facts = await this.clients.subjectFacts(scope, [row], manager);
      const [quote] = await this.quotes.forRequest(scope, offerRequestId, manager, id);
      return quoteView(scope, quote, scope.clientRecordFields('Quote', facts.get(row.clientId))).value;
    });
  }
}
