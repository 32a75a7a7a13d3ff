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

export const LINES_OF_BUSINESS = ['motor', 'home', 'travel', 'life', 'health', 'property', 'liability'] as const;
export type LineOfBusiness = (typeof LINES_OF_BUSINESS)[number];

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
    alwaysVisible: ['id', 'status', 'createdAt', 'restricted'],
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
  /** Per entity. Consent-gated purposes list the base fields; channel fields are added per consent. */
  access: Partial<Record<EntityName, EntityAccess>>;
  /** What may be done with consents of clients the purpose sees. */
  consents: { read: boolean; grant: boolean; withdraw: boolean };
  retention: RetentionRule;
  /** Recipients of data processed for this purpose (art. 13(1)(e), art. 30). */
  recipients: { en: string; pl: string };
}

const ART_6_1_B: LegalBasis = {
  article: 'art. 6(1)(b) GDPR',
  en: 'necessary for steps taken at the request of the data subject prior to entering into a contract, and for its performance',
  pl: 'niezbędność do podjęcia działań na żądanie osoby przed zawarciem umowy oraz do jej wykonania',
};
const ART_6_1_A: LegalBasis = {
  article: 'art. 6(1)(a) GDPR',
  en: 'consent of the data subject, which may be withdrawn at any time',
  pl: 'zgoda osoby, której dane dotyczą, którą można w każdej chwili wycofać',
};
const ART_6_1_C: LegalBasis = {
  article: 'art. 6(1)(c) GDPR',
  en: 'compliance with a legal obligation of the controller',
  pl: 'wypełnienie obowiązku prawnego ciążącego na administratorze',
};
const ART_6_1_F: LegalBasis = {
  article: 'art. 6(1)(f) GDPR',
  en: 'legitimate interest of the controller',
  pl: 'prawnie uzasadniony interes administratora',
};

const NO_CONSENTS = { read: false, grant: false, withdraw: false };
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
    access: { Client: { read: 'all', write: 'all', create: true } },
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
    access: { Client: { read: 'all', write: 'all', create: true } },
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
    access: { Client: { read: 'all', write: [] } },
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
  renewal_reminders: {
    en: 'Reminding that an insurance period is ending',
    pl: 'Przypominanie o kończącym się okresie ubezpieczenia',
    legalBasis: ART_6_1_A,
    consentGate: 'renewal_reminders',
    roles: ['marketing'],
    seesRestricted: false,
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
    access: { Client: { read: ['firstName', 'lastName', 'address'], write: [] } },
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
    access: { Client: { read: 'all', write: 'all' } },
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
      en: 'entrustment agreement; the insurer is the controller and relies on its own basis',
      pl: 'umowa powierzenia; administratorem jest zakład ubezpieczeń',
    },
    consentGate: null,
    roles: ['broker'],
    seesRestricted: false,
    access: {},
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
