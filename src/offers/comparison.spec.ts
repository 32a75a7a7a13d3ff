import { ComparedQuote, compareQuotes } from './comparison';
import { COVERAGE_CODES, unknownCoverageCodes } from './coverage-codes';

const pln = (amount: number) => ({ amount, currency: 'PLN' as const });

function quote(id: string, overrides: Partial<ComparedQuote> = {}): ComparedQuote {
  return {
    id,
    insurerId: `ins-${id}`,
    insurerName: `Insurer ${id}`,
    status: 'offered',
    productName: `Product ${id}`,
    premium: pln(100_000),
    sumInsured: pln(5_000_000),
    deductible: pln(50_000),
    validUntil: '2030-01-01',
    expired: false,
    coverages: [
      { code: 'oc', limit: pln(500_000_000) },
      { code: 'ac', limit: pln(4_000_000) },
    ],
    declineReason: null,
    createdAt: `2026-01-01T00:00:0${id.length}.000Z`,
    ...overrides,
  };
}

describe('comparing quotes against the needs', () => {
  const needs = { requiredCoverages: ['oc', 'ac'], maxPremium: pln(150_000) };

  it('names exactly the quotes meeting the needs, and the cheapest of them', () => {
    const result = compareQuotes(
      needs,
      [
        quote('declined', {
          status: 'declined',
          premium: null,
          coverages: [],
          declineReason: 'risk',
          validUntil: null,
        }),
        quote('expired', { premium: pln(50_000), expired: true }),
        quote('missing', { premium: pln(60_000), coverages: [{ code: 'oc', limit: pln(1) }] }),
        quote('fine', { premium: pln(120_000) }),
        quote('fine2', { premium: pln(110_000) }),
        quote('dear', { premium: pln(200_000) }),
      ],
      COVERAGE_CODES.motor,
    );
    expect(result.meetingNeeds).toEqual(['fine2', 'fine']);
    expect(result.cheapestMeetingNeeds).toBe('fine2');
    const byId = Object.fromEntries(result.columns.map((c) => [c.quoteId, c]));
    expect(byId.declined.shortfalls).toEqual(['declined']);
    expect(byId.expired).toMatchObject({ expired: true, shortfalls: ['expired'], meetsNeeds: false });
    expect(byId.missing).toMatchObject({ missingCoverages: ['ac'], shortfalls: ['missing_coverage'] });
    expect(byId.dear.shortfalls).toEqual(['premium_above_max']);
    expect(byId.fine2.rank).toBe(1);
    expect(byId.fine.rank).toBe(2);
    expect(byId.dear.rank).toBeNull();
  });

  it("gives one row per coverage code, required first, with each quote's limit or null", () => {
    const result = compareQuotes(
      { requiredCoverages: ['ac', 'oc'], maxPremium: null },
      [
        quote('a', {
          coverages: [
            { code: 'oc', limit: pln(10) },
            { code: 'glass', limit: pln(3) },
          ],
        }),
        quote('b'),
      ],
      COVERAGE_CODES.motor,
    );
    expect(result.rows.map((r) => [r.code, r.required])).toEqual([
      ['oc', true],
      ['ac', true],
      ['glass', false],
    ]);
    expect(result.rows[1].cells).toEqual([
      { quoteId: 'a', limit: null },
      { quoteId: 'b', limit: pln(4_000_000) },
    ]);
  });

  it('breaks premium ties on the deductible, and names no cheapest when none meets the needs', () => {
    const tie = compareQuotes(
      needs,
      [quote('x', { deductible: pln(9) }), quote('y', { deductible: pln(1) })],
      COVERAGE_CODES.motor,
    );
    expect(tie.meetingNeeds).toEqual(['y', 'x']);
    const none = compareQuotes(needs, [quote('z', { expired: true })], COVERAGE_CODES.motor);
    expect(none.cheapestMeetingNeeds).toBeNull();
    expect(none.meetingNeeds).toEqual([]);
  });

  it('has a vocabulary for every line of business and refuses codes of another line', () => {
    for (const codes of Object.values(COVERAGE_CODES)) expect(codes.length).toBeGreaterThanOrEqual(5);
    expect(unknownCoverageCodes('motor', ['oc', 'fire', 'ac'])).toEqual(['fire']);
    expect(unknownCoverageCodes('home', ['fire', 'flood', 'theft', 'liability'])).toEqual([]);
  });
});
