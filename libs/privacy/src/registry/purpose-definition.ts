import { EntityName } from './entities';
import { AudienceAttribute, ConsentPurpose, Role } from './vocabulary';

/** The client fields a lookup may search (see `clientLookup`). */
export type ClientLookupField = 'firstName' | 'lastName' | 'companyName' | 'pesel';

export interface LegalBasis {
  article: string;
  /** The same article as Polish law cites it ("art. 6 ust. 1 lit. b RODO"). */
  articlePl: string;
  en: string;
  pl: string;
}

export interface RetentionRule {
  /** What starts the clock. */
  from:
    | 'last_activity'
    | 'contract_end'
    | 'end_of_calendar_year_after_contract_end'
    | 'consent_withdrawal'
    | 'claim_closed'
    | 'request_closed'
    | 'entry_created'
    | 'mandate_end';
  months: number;
  en: string;
  pl: string;
}

export interface EntityAccess {
  /** Fields readable under the purpose; 'all' means every field of the entity. */
  read: 'all' | readonly string[];
  /** Fields writable (update, and create where `create` is true). */
  write: 'all' | readonly string[];
  create?: boolean;
}

export interface PurposeDefinition {
  en: string;
  pl: string;
  legalBasis: LegalBasis;
  /** Consent-based purposes see a client only while a consent for this purpose is active on a channel. */
  consentGate: ConsentPurpose | null;
  roles: readonly Role[];
  /** Art. 18: a restricted client stays visible only to purposes that may still process it. */
  seesRestricted: boolean;
  /**
   * Art. 17(3): a client whose erasure was refused is kept only for what a contract, the law or a
   * claim still needs; only the purposes serving those grounds (and the handling of the person's
   * own requests) keep seeing them, every other purpose loses them as if they were erased.
   */
  seesErasureRefused: boolean;
  /**
   * Need-to-know inside the office: a portfolio-bound purpose sees only the clients of the actor's
   * teams (and those opened to them by break-glass); the others keep the scope their purpose gives.
   */
  portfolioBound: boolean;
  /** Per entity. Consent-gated purposes list the base fields; channel fields are added per consent. */
  access: Partial<Record<EntityName, EntityAccess>>;
  /**
   * For purposes that send mailings: by which attributes of the clients' contracts and offer
   * requests, and which of their values, an audience may be selected (besides the consent).
   * Absent: an audience is never selected by contract data.
   */
  audienceSelection?: Partial<Record<AudienceAttribute, readonly string[]>>;
  /**
   * Whether a book of business (clients and their policies) may be brought in from a file under
   * this purpose: it creates clients and registers contracts, so only a purpose that may do both.
   */
  bookImport?: boolean;
  /**
   * Client fields by which the purpose may find a client's id without reading the client: a
   * review of the record of operations starts from a name or a PESEL, and the record holds only
   * ids. The fields are searched, never returned; each lookup is itself recorded. Absent: none.
   */
  clientLookup?: readonly ClientLookupField[];
  /** What may be done with consents of clients the purpose sees. */
  consents: { read: boolean; grant: boolean; withdraw: boolean };
  retention: RetentionRule;
  /** Recipients of data processed for this purpose (art. 13(1)(e), art. 30). */
  recipients: { en: string; pl: string };
}
