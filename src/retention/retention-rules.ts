import { ConsentPurpose, PURPOSES, Purpose, PurposeDefinition, REGISTRY, RetentionRule } from '@app/privacy';
import { addCalendarMonths, addMonthsToInstant, startOfDate, startOfNextYear } from './calendar';

/**
 * Retention decided from the registry alone: each purpose's rule (what starts its clock, how many
 * months) is applied to the facts of one client. Pure, so the sweep, an erasure request and the
 * tests all decide the same way.
 */

export type Registry = Record<Purpose, PurposeDefinition>;

/** What the database says about one client, as far as retention is concerned. */
export interface RetentionFacts {
  clientId: string;
  lastActivityAt: Date;
  /** Per consent purpose the client ever consented to: active now, and the last withdrawal. */
  consents: Partial<Record<ConsentPurpose, { active: boolean; lastWithdrawnAt: Date | null }>>;
  activeHoldIds: string[];
  /** The latest end of the client's contracts (a cancelled contract ends when cancelled); null without any. */
  lastContractEnd: string | null;
  /** Set when the person asked for erasure and a legal duty deferred it. */
  erasureRequestedAt: Date | null;
}

export type DutyKind = 'legal_hold' | 'contract' | 'accounting' | 'consent' | 'recent_activity';

/** A reason to keep a client's data at a given moment. */
export interface RetentionDuty {
  kind: DutyKind;
  purpose: Purpose;
  /**
   * A duty under law or a legal hold for claims: it prevails over an erasure request
   * (art. 17(3)(b) and (e) GDPR). Consent and recent activity do not.
   */
  legal: boolean;
  /** When the duty ends (a date YYYY-MM-DD or an ISO instant); null while it lasts (until withdrawal or release). */
  until: string | null;
  rule: { en: string; pl: string };
  holdIds?: string[];
}

export interface RetentionDecision {
  anonymise: boolean;
  /** Duties still running at the moment of the decision, legal ones first. */
  duties: RetentionDuty[];
}

/** How each kind of retention clock relates to the broker's own client data. */
export const RETENTION_CLOCKS: Record<
  RetentionRule['from'],
  { appliesTo: string; kind: DutyKind | null; legal: boolean }
> = {
  last_activity: {
    appliesTo: 'client (prospect without contract and consent)',
    kind: 'recent_activity',
    legal: false,
  },
  contract_end: { appliesTo: 'client and contract data', kind: 'contract', legal: true },
  end_of_calendar_year_after_contract_end: {
    appliesTo: 'client and contract data (accounting)',
    kind: 'accounting',
    legal: true,
  },
  consent_withdrawal: { appliesTo: 'client data used under consent', kind: 'consent', legal: false },
  claim_closed: { appliesTo: 'client data under a legal hold', kind: 'legal_hold', legal: true },
  request_closed: { appliesTo: 'records of data-subject requests', kind: null, legal: true },
  entry_created: { appliesTo: 'record of operations (identifiers only)', kind: null, legal: true },
  mandate_end: {
    appliesTo: 'data processed for an insurer (not the broker’s own data)',
    kind: null,
    legal: false,
  },
};

function running(until: string | null, asOf: Date): boolean {
  if (until === null) return true;
  const end = until.length === 10 ? startOfDate(until) : new Date(until);
  return asOf.getTime() < end.getTime();
}

/** The duties that still keep the client's data at `asOf`. */
export function runningDuties(
  facts: RetentionFacts,
  asOf: Date,
  registry: Registry = REGISTRY,
): RetentionDuty[] {
  const duties: RetentionDuty[] = [];
  for (const purpose of PURPOSES) {
    const def = registry[purpose];
    const rule = def.retention;
    const clock = RETENTION_CLOCKS[rule.from];
    if (!clock.kind) continue;
    const text = { en: rule.en, pl: rule.pl };
    const add = (until: string | null, extra: Partial<RetentionDuty> = {}) => {
      if (running(until, asOf))
        duties.push({ kind: clock.kind!, purpose, legal: clock.legal, until, rule: text, ...extra });
    };
    switch (rule.from) {
      case 'last_activity':
        add(addMonthsToInstant(facts.lastActivityAt, rule.months).toISOString());
        break;
      case 'contract_end':
        if (facts.lastContractEnd) add(addCalendarMonths(facts.lastContractEnd, rule.months));
        break;
      case 'end_of_calendar_year_after_contract_end':
        if (facts.lastContractEnd)
          add(addCalendarMonths(startOfNextYear(facts.lastContractEnd), rule.months));
        break;
      case 'consent_withdrawal': {
        const state = def.consentGate ? facts.consents[def.consentGate] : undefined;
        if (state?.active) add(null);
        else if (state?.lastWithdrawnAt)
          add(addMonthsToInstant(state.lastWithdrawnAt, rule.months).toISOString());
        break;
      }
      case 'claim_closed':
        if (facts.activeHoldIds.length > 0) add(null, { holdIds: [...facts.activeHoldIds] });
        break;
      default:
        break;
    }
  }
  return duties.sort((a, b) => Number(b.legal) - Number(a.legal));
}

/**
 * Whether the client is anonymised at `asOf`: when no duty keeps it. After an erasure request only
 * legal duties count: consent and recent activity end with the request.
 */
export function decideRetention(
  facts: RetentionFacts,
  asOf: Date,
  registry: Registry = REGISTRY,
): RetentionDecision {
  const all = runningDuties(facts, asOf, registry);
  const duties = facts.erasureRequestedAt ? all.filter((d) => d.legal) : all;
  return { anonymise: duties.length === 0, duties };
}

/** A ground of art. 17(3) on which an erasure is refused, as the person is told it. */
export interface ErasureGround {
  /** The registry's legal basis of the purpose the ground serves ("art. 6(1)(b) GDPR"). */
  basis: string;
  /** The same basis as Polish law cites it ("art. 6 ust. 1 lit. b RODO"). */
  basisPl: string;
  purpose: Purpose;
  /** The day the ground ends (the sweep erases from then on), YYYY-MM-DD; null while it lasts (a legal hold). */
  until: string | null;
  kind: DutyKind;
  rule: { en: string; pl: string };
  holdIds?: string[];
}

/**
 * The grounds on which an erasure is refused: the legal duties running at the moment, each with the
 * legal basis of its purpose and its end, the longest first and open-ended ones (legal holds) first
 * of all. Empty when nothing keeps the data.
 */
export function erasureGrounds(duties: RetentionDuty[], registry: Registry = REGISTRY): ErasureGround[] {
  return duties
    .filter((d) => d.legal)
    .map((d) => {
      const basis = registry[d.purpose].legalBasis;
      return {
        basis: basis.article,
        basisPl: basis.articlePl,
        purpose: d.purpose,
        // Legal duties end on a date; the data is erased from that day on.
        until: d.until === null ? null : d.until.slice(0, 10),
        kind: d.kind,
        rule: d.rule,
        ...(d.holdIds ? { holdIds: [...d.holdIds] } : {}),
      };
    })
    .sort((a, b) => {
      const [x, y] = [endOrder(a.until), endOrder(b.until)];
      return x === y ? 0 : x > y ? -1 : 1;
    });
}

/** Orders ends latest first; an open end (null) outlasts every date. */
function endOrder(until: string | null): number {
  return until === null ? Number.POSITIVE_INFINITY : startOfDate(until).getTime();
}

/** The retention policies, per purpose, as the registry states them. */
export function retentionPolicies(registry: Registry = REGISTRY) {
  return PURPOSES.map((purpose) => {
    const rule = registry[purpose].retention;
    const clock = RETENTION_CLOCKS[rule.from];
    return {
      purpose,
      from: rule.from,
      months: rule.months,
      appliesTo: clock.appliesTo,
      legalDuty: clock.legal,
      blocksErasure: clock.legal && clock.kind !== null,
      description: { en: rule.en, pl: rule.pl },
    };
  });
}
