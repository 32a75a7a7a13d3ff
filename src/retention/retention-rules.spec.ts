import { PURPOSES, REGISTRY } from '@app/privacy';
import { addCalendarMonths, startOfNextYear } from './calendar';
import {
  RETENTION_CLOCKS,
  RetentionFacts,
  decideRetention,
  erasureGrounds,
  retentionPolicies,
  runningDuties,
} from './retention-rules';

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

  it('lists the grounds of a refused erasure with the legal basis of each purpose and the day it ends', () => {
    const facts = base({
      lastContractEnd: '2025-06-30',
      activeHoldIds: ['h1'],
      erasureRequestedAt: new Date(),
    });
    const grounds = erasureGrounds(decideRetention(facts, new Date('2025-07-01T00:00:00Z')).duties);
    expect(grounds.map(({ basis, basisPl, purpose, until }) => ({ basis, basisPl, purpose, until }))).toEqual(
      [
        { basis: 'art. 6(1)(f) GDPR', basisPl: 'art. 6 ust. 1 lit. f RODO', purpose: 'claims', until: null },
        {
          basis: 'art. 6(1)(b) GDPR',
          basisPl: 'art. 6 ust. 1 lit. b RODO',
          purpose: 'contract_performance',
          until: '2031-06-30',
        },
        {
          basis: 'art. 6(1)(c) GDPR',
          basisPl: 'art. 6 ust. 1 lit. c RODO',
          purpose: 'legal_obligation',
          until: '2031-01-01',
        },
      ],
    );
    // Consent and recent activity are never grounds to refuse an erasure.
    const prospect = base({ consents: { marketing: { active: true, lastWithdrawnAt: null } } });
    expect(erasureGrounds(runningDuties(prospect, new Date('2024-04-01T00:00:00Z')))).toEqual([]);
  });

  it('lets every purpose that can be a ground of a refused erasure see the client kept on it', () => {
    const grounds = PURPOSES.filter((p) => {
      const clock = RETENTION_CLOCKS[REGISTRY[p].retention.from];
      return clock.legal && clock.kind !== null;
    });
    expect(grounds.sort()).toEqual(['claims', 'contract_performance', 'legal_obligation']);
    for (const purpose of grounds)
      expect([purpose, REGISTRY[purpose].seesErasureRefused]).toEqual([purpose, true]);
    // Purposes that are no ground lose the client, except the handling of the person's own requests.
    const others = PURPOSES.filter(
      (p) => !grounds.includes(p) && REGISTRY[p].access.Client && REGISTRY[p].seesErasureRefused,
    );
    expect(others).toEqual(['data_subject_rights']);
  });

  it('counts the accounting year from the first day of the next year', () => {
    expect(addCalendarMonths(startOfNextYear('2020-12-31'), 60)).toBe('2026-01-01');
    expect(addCalendarMonths(startOfNextYear('2020-01-01'), 60)).toBe('2026-01-01');
  });
});
