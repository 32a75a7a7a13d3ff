import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { PrivacyScope } from '@app/privacy';
import { Comparison, compareQuotes } from './comparison';
import { comparedNeeds, comparedQuote } from './compared-rows';
import { COVERAGE_CODES } from './coverage-codes';
import { OFFER_FIELDS } from './offer-views';
import { OffersService } from './offers.service';
import { QuoteRepository } from './quote.repository';

/** What a comparison reads: it ranks on these, so each must be readable under the purpose. */
const COMPARED_REQUEST_FIELDS = ['requiredCoverages', 'maxPremium'];
const COMPARED_QUOTE_FIELDS = [...OFFER_FIELDS, 'declineReason'];

/** The quotes of a request side by side against its needs: it ranks, it never chooses. */
@Injectable()
export class OfferComparisonService {
  constructor(
    private readonly offers: OffersService,
    private readonly quotes: QuoteRepository,
    private readonly audit: AuditRecorder,
    private readonly clock: BrokerClock,
  ) {}

  async comparison(
    scope: PrivacyScope,
    offerRequestId: string,
  ): Promise<Comparison & { offerRequestId: string; lineOfBusiness: string; asOf: string }> {
    const { row } = await this.offers.requireVisibleRequest(scope, offerRequestId, 'OfferRequest', {
      action: 'read',
      resource: 'offer_request',
      resourceId: offerRequestId,
    });
    const attempt = {
      action: 'read' as const,
      resource: 'offer_request' as const,
      resourceId: offerRequestId,
      clientIds: [row.clientId],
      fields: [...COMPARED_REQUEST_FIELDS, ...COMPARED_QUOTE_FIELDS.map((f) => `quotes.${f}`)],
    };
    scope.assertFilterable('OfferRequest', COMPARED_REQUEST_FIELDS, 'filter', attempt);
    scope.assertFilterable('Quote', COMPARED_QUOTE_FIELDS, 'sort', attempt);
    const quotes = await this.quotes.forRequest(scope, offerRequestId);
    const today = this.clock.today();
    const result = compareQuotes(
      comparedNeeds(row),
      quotes.map(comparedQuote),
      COVERAGE_CODES[row.lineOfBusiness],
    );
    await this.audit.record({
      action: 'read',
      resource: 'offer_request',
      resourceId: offerRequestId,
      clientIds: [row.clientId],
      fields: [
        ...COMPARED_REQUEST_FIELDS,
        ...(quotes.length ? COMPARED_QUOTE_FIELDS.map((f) => `quotes.${f}`) : []),
      ],
      outcome: 'allowed',
    });
    return { offerRequestId, lineOfBusiness: row.lineOfBusiness, asOf: today, ...result };
  }
}
