import { PrivacyScope, personalFieldsOf } from '@app/privacy';
import { OfferRequestRow, offerRequestRecord } from './offer-request.repository';
import { QuoteRow, quoteRecord } from './quote.repository';
import { CreateQuoteDto, NeedsDto, UpdateQuoteDto } from './offer.dto';

export type OfferRequestView = Record<string, unknown> & { id: string };
export type QuoteView = Record<string, unknown> & { id: string };

export const NEEDS_FIELDS = ['requiredCoverages', 'maxPremium', 'notes'] as const;
export const OFFER_FIELDS = [
  'productName',
  'premium',
  'sumInsured',
  'deductible',
  'coverages',
  'validUntil',
] as const;

const QUOTE_PERSONAL = new Set(personalFieldsOf('Quote'));

/** A request projected to `fields`, its needs grouped; `fields` lists the personal fields that left. */
export function requestView(
  scope: PrivacyScope,
  row: OfferRequestRow,
  fields: string[],
): { value: OfferRequestView; fields: string[] } {
  const { value: visible } = scope.project(fields, offerRequestRecord(row));
  const { requiredCoverages, maxPremium, notes, ...base } = visible;
  const needs = scope.project(
    NEEDS_FIELDS.filter((f) => f in visible),
    { requiredCoverages, maxPremium, notes },
  );
  return {
    value: { ...base, ...(needs.fields.length ? { needs: needs.value } : {}) } as OfferRequestView,
    fields: needs.fields,
  };
}

/** A quote projected to `fields`; `fields` lists the personal fields that left. */
export function quoteView(
  scope: PrivacyScope,
  row: QuoteRow,
  fields: string[],
): { value: QuoteView; fields: string[] } {
  const value = scope.project(fields, quoteRecord(row)).value as QuoteView;
  if ('validUntil' in value && row.validUntil) value.expired = row.expired;
  return { value, fields: fields.filter((f) => QUOTE_PERSONAL.has(f)) };
}

export function needsFieldsOf(needs: NeedsDto): string[] {
  return NEEDS_FIELDS.filter((f) => needs[f] !== undefined);
}

export function quoteFieldsOf(input: CreateQuoteDto | UpdateQuoteDto): string[] {
  return [...OFFER_FIELDS, 'commissionRate', 'declineReason'].filter(
    (f) => (input as unknown as Record<string, unknown>)[f] !== undefined,
  );
}
