import { LINES_OF_BUSINESS, LineOfBusiness } from '@app/privacy';

/**
 * The coverage vocabulary per line of business. Needs, quotes and comparisons speak only these
 * codes, so two insurers' offers line up row by row.
 */
export const COVERAGE_CODES: Record<LineOfBusiness, readonly string[]> = {
  // OC: compulsory third-party liability; AC: own damage; NNW: personal accident.
  motor: ['oc', 'ac', 'nnw', 'assistance', 'glass', 'tyres', 'gap', 'replacement_car'],
  home: ['fire', 'flood', 'theft', 'vandalism', 'liability', 'glass', 'electronics', 'assistance'],
  // KL: medical expenses abroad.
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

export function isLineOfBusiness(value: unknown): value is LineOfBusiness {
  return typeof value === 'string' && (LINES_OF_BUSINESS as readonly string[]).includes(value);
}

/** Codes that are not in the line's vocabulary, in the order given. */
export function unknownCoverageCodes(line: LineOfBusiness, codes: readonly string[]): string[] {
  const known = new Set(COVERAGE_CODES[line]);
  return codes.filter((c) => !known.has(c));
}
