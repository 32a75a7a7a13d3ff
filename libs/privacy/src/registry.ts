/**
 * The privacy registry: the one declarative statement of who may process which personal data,
 * for which purpose, on which legal basis, and for how long. CASL abilities, SQL visibility
 * filters, mailing gates, retention, the art. 30 record and the art. 13 notice are all derived
 * from it; nothing else keeps a copy of these rules.
 */

export const ROLES = ['admin', 'broker', 'marketing', 'manager', 'accountant', 'dpo'] as const;
export type Role = (typeof ROLES)[number];

export const PURPOSES = [
  'offer_preparation',
  'contract_performance',
  'claims',
  'marketing',
  'renewal_reminders',
  'client_contact',
  'legal_obligation',
  'security_audit',
  'data_subject_rights',
  'insurer_mandate',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export const CONSENT_PURPOSES = ['marketing', 'renewal_reminders', 'client_contact'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CHANNELS = ['email', 'phone', 'post'] as const;
export type Channel = (typeof CHANNELS)[number];

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

/** Names of the lines of business, for the documents the registry generates. */
export const LINE_OF_BUSINESS_NAMES: Record<LineOfBusiness, { en: string; pl: string }> = {
  motor: { en: 'motor', pl: 'komunikacyjne' },
  home: { en: 'home', pl: 'mieszkaniowe' },
  travel: { en: 'travel', pl: 'turystyczne' },
  life: { en: 'life', pl: 'na życie' },
  health: { en: 'health', pl: 'zdrowotne' },
  property: { en: 'property', pl: 'majątkowe' },
  liability: { en: 'liability', pl: 'odpowiedzialności cywilnej' },
};

/**
 * Lines whose mere holding says something about the person's health (art. 9 GDPR, special
 * categories): a life or health policy, or a request for one. No consent-based mailing selects by them.
 */
export const SPECIAL_CATEGORY_LINES: readonly LineOfBusiness[] = ['life', 'health'];

/** Attributes of a client's contracts and offer requests by which a mailing's audience may be selected. */
export const AUDIENCE_ATTRIBUTES = {
  lineOfBusiness: {
    en: 'the lines of business of the insurance contracts and offer requests',
    pl: 'rodzaje ubezpieczeń zawartych umów i zapytań ofertowych',
  },
} as const;
export type AudienceAttribute = keyof typeof AUDIENCE_ATTRIBUTES;

/** Categories of personal data (§2 of the policy). */
export const DATA_CATEGORIES = {
  identity: { en: 'first and last name', pl: 'imię i nazwisko' },
  email: { en: 'e-mail address', pl: 'adres e-mail' },
  phone: { en: 'telephone number', pl: 'numer telefonu' },
  postal_address: { en: 'correspondence address', pl: 'adres korespondencyjny' },
  birth_date: { en: 'date of birth', pl: 'data urodzenia' },
  national_id: { en: 'PESEL number', pl: 'numer PESEL' },
  insurance_needs: { en: 'insurance needs and offers', pl: 'potrzeby ubezpieczeniowe i oferty' },
  contract: { en: 'insurance contract data', pl: 'dane umowy ubezpieczenia' },
  financial: { en: 'premiums and commissions', pl: 'składki i prowizje' },
} as const;
export type DataCategory = keyof typeof DATA_CATEGORIES;

/**
 * Entities holding personal data, their fields and the category of each personal field.
 * `alwaysVisible` fields carry no personal value and come with any visible record.
 */
export const ENTITIES = {
  Client: {
    alwaysVisible: ['id', 'status', 'createdAt', 'restricted', 'teamId'],
    personal: {
      firstName: 'identity',
      lastName: 'identity',
      email: 'email',
      phone: 'phone',
      address: 'postal_address',
      dateOfBirth: 'birth_date',
      pesel: 'national_id',
    },
  },
  /** A demands-and-needs analysis (the client's request for offers). */
  OfferRequest: {
    alwaysVisible: ['id', 'clientId', 'lineOfBusiness', 'status', 'renewsContractId', 'createdAt'],
    personal: {
      requiredCoverages: 'insurance_needs',
      maxPremium: 'insurance_needs',
      notes: 'insurance_needs',
    },
  },
  /** An insurer's answer to an offer request: an offer, or a refusal with its reason. */
  Quote: {
    alwaysVisible: ['id', 'offerRequestId', 'clientId', 'insurerId', 'insurerName', 'status', 'createdAt'],
    personal: {
      productName: 'insurance_needs',
      coverages: 'insurance_needs',
      sumInsured: 'insurance_needs',
      deductible: 'insurance_needs',
      validUntil: 'insurance_needs',
      declineReason: 'insurance_needs',
      premium: 'financial',
      commissionRate: 'financial',
      commission: 'financial',
    },
  },
  /** A concluded insurance contract (policy). */
  Contract: {
    alwaysVisible: [
      'id',
      'clientId',
      'insurerId',
      'insurerName',
      'offerRequestId',
      'quoteId',
      'renewalOfferRequestId',
      'lineOfBusiness',
      'status',
      'createdAt',
    ],
    personal: {
      policyNumber: 'contract',
      startDate: 'contract',
      endDate: 'contract',
      productName: 'contract',
      coverages: 'contract',
      sumInsured: 'contract',
      deductible: 'contract',
      cancelledAt: 'contract',
      cancellationReason: 'contract',
      recommendation: 'insurance_needs',
      premium: 'financial',
      commissionRate: 'financial',
      commission: 'financial',
    },
  },
  /**
   * A person processed on an insurer's behalf under a mandate (the insurer is the controller).
   * Stored apart from clients, in schema `mandate`; each mandate's `fields` narrows this list.
   */
  MandateSubject: {
    alwaysVisible: ['id', 'createdAt'],
    personal: {
      firstName: 'identity',
      lastName: 'identity',
      email: 'email',
      phone: 'phone',
      address: 'postal_address',
      dateOfBirth: 'birth_date',
      pesel: 'national_id',
    },
  },
  /** The contract being intermediated for a mandate subject, on the insurer's behalf. */
  MandateContract: {
    alwaysVisible: ['id', 'subjectId', 'createdAt'],
    personal: {
      lineOfBusiness: 'contract',
      productName: 'contract',
      policyNumber: 'contract',
      startDate: 'contract',
      endDate: 'contract',
      premium: 'financial',
    },
  },
} as const satisfies Record<string, EntityDefinition>;

export interface EntityDefinition {
  alwaysVisible: readonly string[];
  personal: Readonly<Record<string, DataCategory>>;
}

export type EntityName = keyof typeof ENTITIES;

/** Which client field a consent on a channel reveals (an e-mail consent does not reveal the phone). */
export const CHANNEL_FIELDS: Record<Channel, readonly string[]> = {
  email: ['email'],
  phone: ['phone'],
  post: ['address'],
};

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
  /** What may be done with consents of clients the purpose sees. */
  consents: { read: boolean; grant: boolean; withdraw: boolean };
  retention: RetentionRule;
  /** Recipients of data processed for this purpose (art. 13(1)(e), art. 30). */
  recipients: { en: string; pl: string };
}

const ART_6_1_B: LegalBasis = {
  article: 'art. 6(1)(b) GDPR',
  articlePl: 'art. 6 ust. 1 lit. b RODO',
  en: 'necessary for steps taken at the request of the data subject prior to entering into a contract, and for its performance',
  pl: 'niezbędność do podjęcia działań na żądanie osoby przed zawarciem umowy oraz do jej wykonania',
};
const ART_6_1_A: LegalBasis = {
  article: 'art. 6(1)(a) GDPR',
  articlePl: 'art. 6 ust. 1 lit. a RODO',
  en: 'consent of the data subject, which may be withdrawn at any time',
  pl: 'zgoda osoby, której dane dotyczą, którą można w każdej chwili wycofać',
};
const ART_6_1_C: LegalBasis = {
  article: 'art. 6(1)(c) GDPR',
  articlePl: 'art. 6 ust. 1 lit. c RODO',
  en: 'compliance with a legal obligation of the controller',
  pl: 'wypełnienie obowiązku prawnego ciążącego na administratorze',
};
const ART_6_1_F: LegalBasis = {
  article: 'art. 6(1)(f) GDPR',
  articlePl: 'art. 6 ust. 1 lit. f RODO',
  en: 'legitimate interest of the controller',
  pl: 'prawnie uzasadniony interes administratora',
};

const NO_CONSENTS = { read: false, grant: false, withdraw: false };
const OFFERS_AND_CONTRACTS_READ_WRITE = {
  OfferRequest: { read: 'all', write: 'all', create: true },
  Quote: { read: 'all', write: 'all', create: true },
  Contract: { read: 'all', write: 'all', create: true },
} as const satisfies Partial<Record<EntityName, EntityAccess>>;
const OFFERS_AND_CONTRACTS_READ_ONLY = {
  OfferRequest: { read: 'all', write: [] },
  Quote: { read: 'all', write: [] },
  Contract: { read: 'all', write: [] },
} as const satisfies Partial<Record<EntityName, EntityAccess>>;
const INSURERS_RECIPIENTS = {
  en: 'insurance undertakings whose offers are presented or with which contracts are concluded',
  pl: 'zakłady ubezpieczeń, których oferty są przedstawiane lub z którymi zawierane są umowy',
};

export const REGISTRY: Record<Purpose, PurposeDefinition> = {
  offer_preparation: {
    en: 'Searching for, presenting and comparing insurance offers before a contract',
    pl: 'Wyszukiwanie, przedstawianie i porównywanie ofert ubezpieczeń przed zawarciem umowy',
    legalBasis: ART_6_1_B,
    consentGate: null,
    roles: ['broker'],
    seesRestricted: false,
    seesErasureRefused: false,
    portfolioBound: true,
    access: { Client: { read: 'all', write: 'all', create: true }, ...OFFERS_AND_CONTRACTS_READ_WRITE },
    consents: { read: true, grant: true, withdraw: true },
    retention: {
      from: 'last_activity',
      months: 12,
      en: 'prospects without a contract and without consent: 12 months after the last activity',
      pl: 'osoby bez umowy i bez zgody: 12 miesięcy od ostatniej aktywności',
    },
    recipients: INSURERS_RECIPIENTS,
  },
  contract_performance: {
    en: 'Concluding, performing and settling insurance contracts',
    pl: 'Zawarcie, wykonanie i rozliczenie umowy ubezpieczenia',
    legalBasis: ART_6_1_B,
    consentGate: null,
    roles: ['broker'],
    seesRestricted: false,
    seesErasureRefused: true,
    portfolioBound: true,
    access: { Client: { read: 'all', write: 'all', create: true }, ...OFFERS_AND_CONTRACTS_READ_WRITE },
    consents: { read: true, grant: true, withdraw: true },
    retention: {
      from: 'contract_end',
      months: 72,
      en: 'contract data: 6 years after the contract ends',
      pl: 'dane umowy: 6 lat od zakończenia umowy',
    },
    recipients: INSURERS_RECIPIENTS,
  },
  claims: {
    en: 'Pursuing or defending against claims',
    pl: 'Dochodzenie roszczeń lub obrona przed roszczeniami',
    legalBasis: ART_6_1_F,
    consentGate: null,
    roles: ['broker', 'dpo'],
    seesRestricted: true,
    seesErasureRefused: true,
    portfolioBound: true,
    access: { Client: { read: 'all', write: [] }, ...OFFERS_AND_CONTRACTS_READ_ONLY },
    consents: { read: true, grant: false, withdraw: false },
    retention: {
      from: 'claim_closed',
      months: 72,
      en: 'until the claim is time-barred (6 years), longer under a legal hold',
      pl: 'do przedawnienia roszczeń (6 lat), dłużej w razie blokady prawnej',
    },
    recipients: { en: 'courts, legal advisers, insurers', pl: 'sądy, doradcy prawni, zakłady ubezpieczeń' },
  },
  marketing: {
    en: 'Informing about new insurance offers',
    pl: 'Informowanie o nowych ofertach ubezpieczeń',
    legalBasis: ART_6_1_A,
    consentGate: 'marketing',
    roles: ['marketing'],
    seesRestricted: false,
    seesErasureRefused: false,
    portfolioBound: false,
    access: { Client: { read: ['firstName', 'lastName'], write: [] } },
    // Offers may target holders of a line, but never by a line that reveals health data.
    audienceSelection: {
      lineOfBusiness: LINES_OF_BUSINESS.filter((line) => !SPECIAL_CATEGORY_LINES.includes(line)),
    },
    consents: { read: true, grant: false, withdraw: true },
    retention: {
      from: 'consent_withdrawal',
      months: 0,
      en: 'until the consent is withdrawn',
      pl: 'do czasu wycofania zgody',
    },
    recipients: { en: 'mail delivery providers', pl: 'dostawcy usług pocztowych i e-mail' },
  },
  renewal_reminders: {
    en: 'Reminding that an insurance period is ending',
    pl: 'Przypominanie o kończącym się okresie ubezpieczenia',
    legalBasis: ART_6_1_A,
    consentGate: 'renewal_reminders',
    roles: ['marketing'],
    seesRestricted: false,
    seesErasureRefused: false,
    portfolioBound: false,
    access: { Client: { read: ['firstName', 'lastName'], write: [] } },
    consents: { read: true, grant: false, withdraw: true },
    retention: {
      from: 'consent_withdrawal',
      months: 0,
      en: 'until the consent is withdrawn',
      pl: 'do czasu wycofania zgody',
    },
    recipients: { en: 'mail delivery providers', pl: 'dostawcy usług pocztowych i e-mail' },
  },
  client_contact: {
    en: 'Handling contacts and keeping the client in the client base',
    pl: 'Obsługa kontaktów i pozostawanie w bazie klientów',
    legalBasis: ART_6_1_A,
    consentGate: 'client_contact',
    roles: ['broker'],
    seesRestricted: false,
    seesErasureRefused: false,
    portfolioBound: true,
    access: { Client: { read: ['firstName', 'lastName'], write: [] } },
    consents: { read: true, grant: false, withdraw: true },
    retention: {
      from: 'consent_withdrawal',
      months: 0,
      en: 'until the consent is withdrawn',
      pl: 'do czasu wycofania zgody',
    },
    recipients: { en: 'none outside the broker', pl: 'brak poza brokerem' },
  },
  legal_obligation: {
    en: 'Duties under law, accounting included',
    pl: 'Wypełnianie obowiązków prawnych, w tym rachunkowych',
    legalBasis: ART_6_1_C,
    consentGate: null,
    roles: ['accountant'],
    seesRestricted: true,
    seesErasureRefused: true,
    portfolioBound: false,
    access: {
      Client: { read: ['firstName', 'lastName', 'address'], write: [] },
      // Accounting needs what was concluded and what it earns, never the client's needs.
      OfferRequest: { read: [], write: [] },
      Quote: { read: ['premium', 'commission'], write: [] },
      Contract: { read: ['policyNumber', 'startDate', 'endDate', 'premium', 'commission'], write: [] },
    },
    consents: NO_CONSENTS,
    retention: {
      from: 'end_of_calendar_year_after_contract_end',
      months: 60,
      en: 'accounting data: 5 years after the end of the calendar year',
      pl: 'dane księgowe: 5 lat od końca roku kalendarzowego',
    },
    recipients: {
      en: 'tax and supervisory authorities where the law requires',
      pl: 'organy podatkowe i nadzorcze, gdy wymaga tego prawo',
    },
  },
  security_audit: {
    en: 'Analysing, securing and administering the service; reviewing the record of operations',
    pl: 'Analiza, zabezpieczenie i administrowanie serwisem; przegląd rejestru operacji',
    legalBasis: ART_6_1_F,
    consentGate: null,
    roles: ['manager', 'dpo'],
    seesRestricted: true,
    seesErasureRefused: true,
    portfolioBound: false,
    access: {},
    consents: NO_CONSENTS,
    retention: {
      from: 'entry_created',
      months: 60,
      en: 'record of operations (identifiers only): 5 years',
      pl: 'rejestr operacji (tylko identyfikatory): 5 lat',
    },
    recipients: { en: 'none outside the broker', pl: 'brak poza brokerem' },
  },
  data_subject_rights: {
    en: 'Handling requests under arts. 15-22 GDPR',
    pl: 'Realizacja żądań z art. 15-22 RODO',
    legalBasis: ART_6_1_C,
    consentGate: null,
    roles: ['dpo'],
    seesRestricted: true,
    seesErasureRefused: true,
    portfolioBound: false,
    access: { Client: { read: 'all', write: 'all' }, ...OFFERS_AND_CONTRACTS_READ_ONLY },
    consents: { read: true, grant: true, withdraw: true },
    retention: {
      from: 'request_closed',
      months: 36,
      en: 'request records: 3 years after the request is closed',
      pl: 'dokumentacja żądań: 3 lata od ich zamknięcia',
    },
    recipients: { en: 'the data subject', pl: 'osoba, której dane dotyczą' },
  },
  insurer_mandate: {
    en: 'Processing on an insurer’s behalf under an entrustment agreement',
    pl: 'Przetwarzanie w imieniu zakładu ubezpieczeń na podstawie umowy powierzenia',
    legalBasis: {
      article: 'art. 28 GDPR',
      articlePl: 'art. 28 RODO',
      en: 'entrustment agreement; the insurer is the controller and relies on its own basis',
      pl: 'umowa powierzenia; administratorem jest zakład ubezpieczeń',
    },
    consentGate: null,
    roles: ['broker'],
    seesRestricted: false,
    seesErasureRefused: false,
    portfolioBound: false,
    access: {
      MandateSubject: { read: 'all', write: 'all', create: true },
      MandateContract: { read: 'all', write: 'all', create: true },
    },
    consents: NO_CONSENTS,
    retention: {
      from: 'mandate_end',
      months: 0,
      en: 'until the mandate ends; then deleted or returned to the insurer',
      pl: 'do zakończenia powierzenia; następnie usunięte lub zwrócone ubezpieczycielowi',
    },
    recipients: { en: 'the insurer (controller)', pl: 'zakład ubezpieczeń (administrator)' },
  },
};

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function purposesOfRole(role: Role): Purpose[] {
  return PURPOSES.filter((p) => REGISTRY[p].roles.includes(role));
}

export function roleMayUse(role: Role, purpose: Purpose): boolean {
  return REGISTRY[purpose].roles.includes(role);
}

/** Whether the purpose sees only the clients of the actor's portfolio. */
export function isPortfolioBound(purpose: Purpose | null): boolean {
  return purpose !== null && REGISTRY[purpose].portfolioBound;
}

/** The purposes under which a client whose erasure was refused (art. 17(3)) is still seen. */
export function purposesSeeingErasureRefused(): Purpose[] {
  return PURPOSES.filter((p) => REGISTRY[p].seesErasureRefused && REGISTRY[p].access.Client !== undefined);
}

/**
 * The consent purposes whose consents a purpose may read, grant or withdraw (on clients it sees).
 * A consent-gated purpose deals only with its own consents: marketing neither reads the evidence
 * of a client_contact consent nor withdraws it; the other purposes that handle consents at all
 * (offers, contracts, claims, data-subject rights) deal with every consent purpose.
 */
export function consentPurposesFor(
  purpose: Purpose,
  operation: 'read' | 'grant' | 'withdraw',
): ConsentPurpose[] {
  const def = REGISTRY[purpose];
  if (!def.consents[operation]) return [];
  return def.consentGate ? [def.consentGate] : [...CONSENT_PURPOSES];
}

/** The values of an audience attribute a purpose may select by (none when the registry names none). */
export function audienceValues(purpose: Purpose, attribute: AudienceAttribute): string[] {
  return [...(REGISTRY[purpose].audienceSelection?.[attribute] ?? [])];
}

export function allFieldsOf(entity: EntityName): string[] {
  const def: EntityDefinition = ENTITIES[entity];
  return [...def.alwaysVisible, ...Object.keys(def.personal)];
}

export function personalFieldsOf(entity: EntityName): string[] {
  return Object.keys((ENTITIES[entity] as EntityDefinition).personal);
}

function resolve(entity: EntityName, spec: 'all' | readonly string[]): string[] {
  return spec === 'all' ? personalFieldsOf(entity) : [...spec];
}

/** Personal fields a purpose may read on an entity, before any consent narrows them. */
export function readableFields(purpose: Purpose, entity: EntityName): string[] {
  const access = REGISTRY[purpose].access[entity];
  if (!access) return [];
  const base = resolve(entity, access.read);
  const gate = REGISTRY[purpose].consentGate;
  if (gate && entity === 'Client') {
    return [...new Set([...base, ...CHANNELS.flatMap((c) => CHANNEL_FIELDS[c])])];
  }
  return base;
}

export function writableFields(purpose: Purpose, entity: EntityName): string[] {
  const access = REGISTRY[purpose].access[entity];
  return access ? resolve(entity, access.write) : [];
}

/*
 * What the generated documents (art. 30 record, art. 13 notice, access reports) say besides the
 * purposes: who the controller is, whose data is held, the rights, the supervisory authority, and
 * the security measures. From the policy (§1, §2, §7, §9, "Zabezpieczenia").
 */

/** The controller (art. 13(1)(a) GDPR, §1 of the policy). */
export const CONTROLLER = {
  name: 'JPU Sp. z o.o.',
  address: 'ul. Fabryczna 4 lok. 0G, Białystok',
  nip: '542-324-45-58',
  krs: '0000555509',
  email: 'rodo@jpu24.pl',
  contact: {
    en: 'by e-mail at rodo@jpu24.pl or by post to the registered office',
    pl: 'przez adres e-mail rodo@jpu24.pl oraz listownie na adres siedziby',
  },
  /** §1: where the broker only intermediates for one insurer, it processes for that insurer. */
  processorRole: {
    en: 'Where the broker only intermediates the conclusion of a contract with one insurer, it processes the data on that insurer’s behalf (the insurer is the controller); contact the insurer in those cases.',
    pl: 'W przypadku działań polegających wyłącznie na pośredniczeniu przy zawarciu umowy ubezpieczenia z danym ubezpieczycielem broker pełni rolę podmiotu przetwarzającego w imieniu ubezpieczyciela (administratora); w tych przypadkach należy kontaktować się z ubezpieczycielem.',
  },
} as const;

/** The supervisory authority a complaint goes to (art. 13(2)(d), §7). */
export const SUPERVISORY_AUTHORITY = {
  name: {
    en: 'President of the Personal Data Protection Office (Prezes UODO)',
    pl: 'Prezes Urzędu Ochrony Danych Osobowych (Prezes UODO)',
  },
  address: 'ul. Stawki 2, 00-193 Warszawa',
} as const;

/** Categories of data subjects (art. 30(1)(c)). */
export const DATA_SUBJECT_CATEGORIES = {
  clients: {
    en: 'clients and prospective clients of the broker (natural persons)',
    pl: 'klienci i potencjalni klienci brokera (osoby fizyczne)',
  },
  mandate_subjects: {
    en: 'persons whose data the broker processes for an insurer under an entrustment agreement',
    pl: 'osoby, których dane broker przetwarza w imieniu ubezpieczyciela na podstawie umowy powierzenia',
  },
  staff: {
    en: 'staff members acting on personal data (record of operations)',
    pl: 'pracownicy przetwarzający dane (rejestr operacji)',
  },
} as const;
export type DataSubjectCategory = keyof typeof DATA_SUBJECT_CATEGORIES;

/** Whose data each entity holds; an entity not listed holds the broker's clients' data. */
export const ENTITY_SUBJECTS: Partial<Record<EntityName, DataSubjectCategory>> = {
  MandateSubject: 'mandate_subjects',
  MandateContract: 'mandate_subjects',
};

/** The rights of arts. 15-22 (§7, §8). */
export const DATA_SUBJECT_RIGHTS = [
  {
    key: 'withdraw_consent',
    article: 'art. 7(3) GDPR',
    en: 'to withdraw consent at any time, without affecting the lawfulness of processing before the withdrawal',
    pl: 'wycofania zgody w dowolnym momencie bez wpływu na zgodność z prawem przetwarzania przed jej wycofaniem',
  },
  {
    key: 'access',
    article: 'art. 15 GDPR',
    en: 'of access to the data, with a copy',
    pl: 'dostępu do danych i otrzymania ich kopii',
  },
  {
    key: 'rectification',
    article: 'art. 16 GDPR',
    en: 'to rectification of the data',
    pl: 'sprostowania danych',
  },
  {
    key: 'erasure',
    article: 'art. 17 GDPR',
    en: 'to erasure, where the law’s conditions are met',
    pl: 'usunięcia danych, o ile spełnione są przesłanki określone w przepisach',
  },
  {
    key: 'restriction',
    article: 'art. 18 GDPR',
    en: 'to restriction of processing, where the law’s conditions are met',
    pl: 'ograniczenia przetwarzania, o ile spełnione są przesłanki określone w przepisach',
  },
  {
    key: 'portability',
    article: 'art. 20 GDPR',
    en: 'to data portability, in a machine-readable format',
    pl: 'przenoszenia danych w formacie nadającym się do odczytu maszynowego',
  },
  {
    key: 'objection',
    article: 'art. 21 GDPR',
    en: 'to object to processing, and at any time to direct marketing',
    pl: 'wniesienia sprzeciwu wobec przetwarzania, a w każdym czasie wobec marketingu bezpośredniego',
  },
  {
    key: 'complaint',
    article: 'art. 77 GDPR',
    en: 'to lodge a complaint with the supervisory authority',
    pl: 'wniesienia skargi do organu nadzorczego',
  },
] as const;

/** Transfers to third countries and automated decisions (§9, R8): none. */
export const TRANSFERS = {
  thirdCountries: false,
  en: 'none: data is not transferred to a third country or an international organisation',
  pl: 'brak: dane nie są przekazywane do państwa trzeciego ani organizacji międzynarodowej',
} as const;
export const AUTOMATED_DECISIONS = {
  used: false,
  en: 'none: no decision is based solely on automated processing, profiling included; offer comparison ranks and explains, the broker decides',
  pl: 'brak: dane nie służą zautomatyzowanemu podejmowaniu decyzji, w tym profilowaniu; porównanie ofert szereguje i wyjaśnia, decyduje broker',
} as const;

/** §8: providing the data. */
export const PROVISION_OF_DATA = {
  en: 'Providing the data is voluntary, but without it the services (searching for an offer, concluding, performing and settling the insurance contract) cannot be provided.',
  pl: 'Podanie danych osobowych jest dobrowolne, ale niepodanie danych uniemożliwi realizację usług (w tym wyszukanie oferty, zawarcie, zrealizowanie i rozliczenie umowy ubezpieczenia).',
} as const;

/** Technical and organisational security measures (art. 30(1)(g), art. 32; "Zabezpieczenia"). */
export const SECURITY_MEASURES = [
  {
    en: 'every access is made under a declared purpose and returns only the fields that purpose needs (derived from this registry)',
    pl: 'każdy dostęp następuje w zadeklarowanym celu i obejmuje tylko pola niezbędne dla tego celu',
  },
  {
    en: 'consent-based purposes see a person only while the consent is active, and only the consented channel',
    pl: 'cele oparte na zgodzie widzą osobę tylko w czasie trwania zgody i tylko w zakresie kanału, na który ją wyrażono',
  },
  {
    en: 'every operation on personal data is recorded (who, purpose, whose data, which fields, when) in an append-only, hash-chained record that holds no personal values',
    pl: 'rejestracja każdej operacji na danych (kto, cel, czyje dane, które pola, kiedy) w niezmienialnym, łańcuchowo haszowanym rejestrze bez wartości danych',
  },
  {
    en: 'PESEL numbers are encrypted (AES-256-GCM) and found through a keyed hash',
    pl: 'numery PESEL są szyfrowane (AES-256-GCM) i wyszukiwane przez skrót z kluczem',
  },
  {
    en: 'data processed for insurers is kept in separate storage reached through a separate database role',
    pl: 'dane przetwarzane w imieniu ubezpieczycieli są przechowywane oddzielnie i dostępne przez odrębną rolę bazy danych',
  },
  {
    en: 'staff authenticate individually; passwords are stored as Argon2 hashes; sign-in attempts are throttled',
    pl: 'indywidualne uwierzytelnianie pracowników; hasła przechowywane jako skróty Argon2; ograniczanie prób logowania',
  },
  {
    en: 'logs never hold personal values; the HTTP request log holds only what the policy lists',
    pl: 'dzienniki nie zawierają wartości danych osobowych; dziennik żądań HTTP zawiera tylko elementy wymienione w polityce',
  },
  {
    en: 'data past its retention period is irreversibly anonymised by a daily sweep, unless a legal hold applies',
    pl: 'dane po upływie okresu przechowywania są codziennie nieodwracalnie anonimizowane, chyba że obowiązuje blokada prawna',
  },
] as const;
