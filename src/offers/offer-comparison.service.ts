import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { PrivacyScope } from '@app/privacy';
import { Comparison, ComparedQuote, compareQuotes } from './comparison';
import { COVERAGE_CODES } from './coverage-codes';
import { toMoney } from './money';
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
    const compared: ComparedQuote[] = quotes.map((q) => ({
      id: q.id,
      insurerId: q.insurerId,
      insurerName: q.insurerName,
      status: q.status,
      productName: q.productName,
      premium: toMoney(q.premium, q.currency),
      sumInsured: toMoney(q.sumInsured, q.currency),
      deductible: toMoney(q.deductible, q.currency),
      validUntil: q.validUntil,
      expired: q.expired,
      coverages: q.coverages.map((c) => ({ code: c.code, limit: toMoney(c.limit, q.currency)! })),
      declineReason: q.declineReason,
      createdAt: q.createdAt,
    }));
    const result = compareQuotes(
      { requiredCoverages: row.requiredCoverages, maxPremium: toMoney(row.maxPremium, row.currency) },
      compared,
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
