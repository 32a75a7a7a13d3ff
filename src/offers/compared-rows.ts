import { ComparedNeeds, ComparedQuote } from './comparison';
import { toMoney } from './money';
import type { OfferRequestRow } from './offer-request.repository';
import type { QuoteRow } from './quote.repository';

/** A stored request's needs, as the comparison reads them. */
export function comparedNeeds(row: OfferRequestRow): ComparedNeeds {
  return { requiredCoverages: row.requiredCoverages, maxPremium: toMoney(row.maxPremium, row.currency) };
}

/** A stored quote, as the comparison reads it. */
export function comparedQuote(q: QuoteRow): ComparedQuote {
  return {
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
  };
}
