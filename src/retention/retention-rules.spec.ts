import { REGISTRY } from '@app/privacy';
import { addCalendarMonths, startOfNextYear } from './calendar';
import { RetentionFacts, decideRetention, retentionPolicies, runningDuties } from './retention-rules';

const base = (over: Partial<RetentionFacts> = {}): RetentionFacts => ({
  clientId: 'c1',
  lastActivityAt: new Date('2024-03-15T10:00:00Z'),
  consents: {},
  activeHoldIds: [],
  lastContractEnd: null,
  erasureRequestedAt: null,
  ...over,
});

describe('retention decided from the registry', () => {
  it('keeps a prospect for 12 months after the last activity, then anonymises it', () => {
    const facts = base();
    const kept = decideRetention(facts, new Date('2025-03-15T09:59:59Z'));
    expect(kept.anonymise).toBe(false);
    expect(kept.duties).toEqual([
      expect.objectContaining({
        kind: 'recent_activity',
        purpose: 'offer_preparation',
        legal: false,
        until: '2025-03-15T10:00:00.000Z',
      }),
    ]);
    expect(decideRetention(facts, new Date('2025-03-15T10:00:00Z')).anonymise).toBe(true);
  });

  it('keeps consent-based data until withdrawal, whatever the last activity', () => {
    const facts = base({ consents: { marketing: { active: true, lastWithdrawnAt: null } } });
    const decision = decideRetention(facts, new Date('2040-01-01T00:00:00Z'));
    expect(decision.anonymise).toBe(false);
    expect(decision.duties).toEqual([
      expect.objectContaining({ kind: 'consent', purpose: 'marketing', until: null }),
    ]);
    const withdrawn = base({
      consents: { marketing: { active: false, lastWithdrawnAt: new Date('2024-01-01T00:00:00Z') } },
    });
    expect(decideRetention(withdrawn, new Date('2040-01-01T00:00:00Z')).anonymise).toBe(true);
  });

  it('keeps contract data 6 years after the end and accounting data 5 years after the end of that calendar year', () => {
    const facts = base({ lastContractEnd: '2020-06-30' });
    const duties = runningDuties(facts, new Date('2025-06-01T00:00:00Z'));
    expect(duties.filter((d) => d.legal)).toEqual([
      expect.objectContaining({ kind: 'contract', purpose: 'contract_performance', until: '2026-06-30' }),
      expect.objectContaining({ kind: 'accounting', purpose: 'legal_obligation', until: '2026-01-01' }),
    ]);
    expect(runningDuties(facts, new Date('2026-03-01T00:00:00Z')).map((d) => d.kind)).toEqual(['contract']);
    expect(decideRetention(facts, new Date('2026-06-30T00:00:00Z')).anonymise).toBe(true);
  });

  it('a legal hold blocks until released; after an erasure request only legal duties count', () => {
    const held = base({
      activeHoldIds: ['h1'],
      consents: { client_contact: { active: true, lastWithdrawnAt: null } },
      erasureRequestedAt: new Date(),
    });
    const decision = decideRetention(held, new Date('2099-01-01T00:00:00Z'));
    expect(decision.anonymise).toBe(false);
    expect(decision.duties).toEqual([
      expect.objectContaining({
        kind: 'legal_hold',
        purpose: 'claims',
        legal: true,
        until: null,
        holdIds: ['h1'],
      }),
    ]);
    expect(decideRetention({ ...held, activeHoldIds: [] }, new Date('2099-01-01T00:00:00Z')).anonymise).toBe(
      true,
    );
    // The same consent without an erasure request keeps the data.
    expect(
      decideRetention(
        { ...held, activeHoldIds: [], erasureRequestedAt: null },
        new Date('2099-01-01T00:00:00Z'),
      ).anonymise,
    ).toBe(false);
  });

  it('follows the registry: another number of months changes the decision', () => {
    const registry = structuredClone(REGISTRY);
    registry.offer_preparation.retention = { ...registry.offer_preparation.retention, months: 24 };
    const facts = base();
    const asOf = new Date('2025-06-01T00:00:00Z');
    expect(decideRetention(facts, asOf).anonymise).toBe(true);
    expect(decideRetention(facts, asOf, registry).anonymise).toBe(false);
    expect(retentionPolicies(registry).find((p) => p.purpose === 'offer_preparation')?.months).toBe(24);
  });

  it('counts the accounting year from the first day of the next year', () => {
    expect(addCalendarMonths(startOfNextYear('2020-12-31'), 60)).toBe('2026-01-01');
    expect(addCalendarMonths(startOfNextYear('2020-01-01'), 60)).toBe('2026-01-01');
  });
});
