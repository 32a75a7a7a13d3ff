import type { components } from '../api/schema';

export type OfferRequest = components['schemas']['OfferRequestResponseDto'];
export type Quote = components['schemas']['QuoteResponseDto'];
export type Comparison = components['schemas']['ComparisonResponseDto'];
export type ComparisonColumn = components['schemas']['ComparisonColumnDto'];
export type Insurer = components['schemas']['InsurerResponseDto'];
export type RenewalItem = components['schemas']['RenewalItemDto'];

export const LINES_OF_BUSINESS = [
  'motor',
  'home',
  'travel',
  'life',
  'health',
  'property',
  'liability',
] as const;
export type LineOfBusiness = (typeof LINES_OF_BUSINESS)[number];

/** The API's coverage vocabulary per line (src/offers/coverage-codes.ts): needs and quotes use only these. */
export const COVERAGE_CODES: Record<LineOfBusiness, readonly string[]> = {
  motor: ['oc', 'ac', 'nnw', 'assistance', 'glass', 'tyres', 'gap', 'replacement_car'],
  home: ['fire', 'flood', 'theft', 'vandalism', 'liability', 'glass', 'electronics', 'assistance'],
  travel: ['kl', 'assistance', 'nnw', 'luggage', 'liability', 'cancellation', 'sports'],
  life: ['death', 'accidental_death', 'disability', 'critical_illness', 'hospital', 'surgery'],
  health: ['outpatient', 'specialists', 'diagnostics', 'hospital', 'dental', 'rehabilitation', 'maternity'],
  property: [
    'fire',
    'flood',
    'theft',
    'vandalism',
    'machinery_breakdown',
    'electronics',
    'business_interruption',
    'glass',
  ],
  liability: ['general', 'product', 'professional', 'employer', 'tenant', 'environmental'],
};

export function coverageCodes(line: string): readonly string[] {
  return COVERAGE_CODES[line as LineOfBusiness] ?? [];
}

/** The purposes in which offers are prepared and contracts concluded (the menu and the actions). */
export const OFFER_PURPOSES = ['offer_preparation', 'contract_performance'] as const;
/** Conclusion is performing the contract: the API accepts it only under this purpose. */
export const CONCLUSION_PURPOSE = 'contract_performance' as const;

export function zl(grosze: number): { amount: number; currency: string } {
  return { amount: grosze, currency: 'PLN' };
}
