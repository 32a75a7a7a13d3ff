import { Money } from './money';

export interface ComparedNeeds {
  requiredCoverages: readonly string[];
  maxPremium: Money | null;
}

export interface ComparedQuote {
  id: string;
  insurerId: string;
  insurerName: string;
  status: 'offered' | 'declined';
  productName: string | null;
  premium: Money | null;
  sumInsured: Money | null;
  deductible: Money | null;
  validUntil: string | null;
  /** Decided by the database clock: validUntil is before today. */
  expired: boolean;
  coverages: ReadonlyArray<{ code: string; limit: Money }>;
  declineReason: string | null;
  createdAt: string;
}

/** Why a quote does not meet the needs. */
export type Shortfall = 'declined' | 'expired' | 'missing_coverage' | 'premium_above_max';

export interface ComparisonColumn {
  quoteId: string;
  insurerId: string;
  insurerName: string;
  status: 'offered' | 'declined';
  productName: string | null;
  premium: Money | null;
  sumInsured: Money | null;
  deductible: Money | null;
  validUntil: string | null;
  expired: boolean;
  declineReason: string | null;
  meetsNeeds: boolean;
  shortfalls: Shortfall[];
  missingCoverages: string[];
  /** 1 = cheapest among the quotes meeting the needs; null for the others. */
  rank: number | null;
}

export interface ComparisonRow {
  code: string;
  required: boolean;
  /** One cell per column, in column order: the quote's limit for this coverage, or null when it lacks it. */
  cells: Array<{ quoteId: string; limit: Money | null }>;
}

export interface Comparison {
  needs: ComparedNeeds;
  columns: ComparisonColumn[];
  rows: ComparisonRow[];
  /** Quote ids meeting the needs, cheapest first. */
  meetingNeeds: string[];
  cheapestMeetingNeeds: string | null;
}

/** How one quote falls short of the needs: what it lacks and why it does not meet them. */
export interface QuoteAssessment {
  shortfalls: Shortfall[];
  /** Required coverages the quote does not give (all of them when the insurer declined). */
  missingCoverages: string[];
}

/** The shortfalls a broker may knowingly accept when concluding: the quote is valid, but not a match. */
export const ACKNOWLEDGEABLE_SHORTFALLS: readonly Shortfall[] = ['missing_coverage', 'premium_above_max'];

/** A valid quote that misses the needs, as acknowledged when concluding it anyway. */
export interface QuoteMismatch {
  shortfalls: Shortfall[];
  missingCoverages: string[];
  premium: Money | null;
  maxPremium: Money | null;
}

/** The acknowledgeable part of a quote's assessment; null when the quote meets the needs on both. */
export function mismatchOf(
  needs: ComparedNeeds,
  q: Pick<ComparedQuote, 'status' | 'expired' | 'premium' | 'coverages'>,
): QuoteMismatch | null {
  const { shortfalls, missingCoverages } = assessQuote(needs, q);
  const acknowledgeable = shortfalls.filter((s) => ACKNOWLEDGEABLE_SHORTFALLS.includes(s));
  if (acknowledgeable.length === 0) return null;
  return {
    shortfalls: acknowledgeable,
    missingCoverages: acknowledgeable.includes('missing_coverage') ? missingCoverages : [],
    premium: q.premium,
    maxPremium: needs.maxPremium,
  };
}

export function assessQuote(
  needs: ComparedNeeds,
  q: Pick<ComparedQuote, 'status' | 'expired' | 'premium' | 'coverages'>,
): QuoteAssessment {
  const offered = new Set(q.coverages.map((c) => c.code));
  const missingCoverages =
    q.status === 'declined'
      ? [...needs.requiredCoverages]
      : needs.requiredCoverages.filter((c) => !offered.has(c));
  const shortfalls: Shortfall[] = [];
  if (q.status === 'declined') shortfalls.push('declined');
  if (q.status === 'offered' && q.expired) shortfalls.push('expired');
  if (q.status === 'offered' && missingCoverages.length > 0) shortfalls.push('missing_coverage');
  if (q.status === 'offered' && needs.maxPremium && q.premium && q.premium.amount > needs.maxPremium.amount) {
    shortfalls.push('premium_above_max');
  }
  return { shortfalls, missingCoverages };
}

/**
 * Puts quotes side by side against the needs. It explains and ranks (premium, then deductible,
 * then the earlier quote); it never chooses: the broker decides and records why.
 */
export function compareQuotes(
  needs: ComparedNeeds,
  quotes: readonly ComparedQuote[],
  vocabulary: readonly string[],
): Comparison {
  const required = new Set(needs.requiredCoverages);
  const columns: ComparisonColumn[] = quotes.map((q) => {
    const { missingCoverages: missing, shortfalls } = assessQuote(needs, q);
    return {
      quoteId: q.id,
      insurerId: q.insurerId,
      insurerName: q.insurerName,
      status: q.status,
      productName: q.productName,
      premium: q.premium,
      sumInsured: q.sumInsured,
      deductible: q.deductible,
      validUntil: q.validUntil,
      expired: q.status === 'offered' && q.expired,
      declineReason: q.declineReason,
      meetsNeeds: shortfalls.length === 0,
      shortfalls,
      missingCoverages: missing,
      rank: null,
    };
  });

  const byId = new Map(quotes.map((q) => [q.id, q]));
  const meeting = columns
    .filter((c) => c.meetsNeeds)
    .sort(
      (a, b) =>
        (a.premium?.amount ?? 0) - (b.premium?.amount ?? 0) ||
        (a.deductible?.amount ?? 0) - (b.deductible?.amount ?? 0) ||
        byId.get(a.quoteId)!.createdAt.localeCompare(byId.get(b.quoteId)!.createdAt) ||
        a.quoteId.localeCompare(b.quoteId),
    );
  meeting.forEach((c, i) => (c.rank = i + 1));

  const offeredCodes = new Set(quotes.flatMap((q) => q.coverages.map((c) => c.code)));
  const codes = [
    ...vocabulary.filter((c) => required.has(c)),
    ...needs.requiredCoverages.filter((c) => !vocabulary.includes(c)),
    ...vocabulary.filter((c) => !required.has(c) && offeredCodes.has(c)),
  ];
  const rows: ComparisonRow[] = codes.map((code) => ({
    code,
    required: required.has(code),
    cells: quotes.map((q) => ({
      quoteId: q.id,
      limit: q.coverages.find((c) => c.code === code)?.limit ?? null,
    })),
  }));

  return {
    needs,
    columns,
    rows,
    meetingNeeds: meeting.map((c) => c.quoteId),
    cheapestMeetingNeeds: meeting[0]?.quoteId ?? null,
  };
}
