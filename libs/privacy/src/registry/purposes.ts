import { EntityName } from './entities';
import { LINES_OF_BUSINESS, Purpose, SPECIAL_CATEGORY_LINES } from './vocabulary';
import { EntityAccess, LegalBasis, PurposeDefinition } from './purpose-definition';

export type {
  ClientLookupField,
  EntityAccess,
  LegalBasis,
  PurposeDefinition,
  RetentionRule,
} from './purpose-definition';

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
  ContractAnnex: { read: 'all', write: 'all', create: true },
} as const satisfies Partial<Record<EntityName, EntityAccess>>;
const OFFERS_AND_CONTRACTS_READ_ONLY = {
  OfferRequest: { read: 'all', write: [] },
  Quote: { read: 'all', write: [] },
  Contract: { read: 'all', write: [] },
  ContractAnnex: { read: 'all', write: [] },
} as const satisfies Partial<Record<EntityName, EntityAccess>>;
/** The payment schedule is kept and settled under the contract's performance; others only read it. */
const INSTALMENTS_READ_WRITE = {
  Instalment: { read: 'all', write: 'all', create: true },
} as const satisfies Partial<Record<EntityName, EntityAccess>>;
const INSTALMENTS_READ_ONLY = {
  Instalment: { read: 'all', write: [] },
} as const satisfies Partial<Record<EntityName, EntityAccess>>;
/**
 * Who acts for a company, and which persons form a household, serve offering and performing
 * insurance for them (a company's policy is signed by its representative; a household is offered
 * and insured together), so those purposes keep them. Claims and the person's own requests read
 * them; consent-based contact, accounting and mandates have no use for them.
 */
const CLIENT_GROUPS_READ_WRITE = {
  ClientRepresentative: { read: 'all', write: 'all', create: true },
  Household: { read: 'all', write: 'all', create: true },
} as const satisfies Partial<Record<EntityName, EntityAccess>>;
const CLIENT_GROUPS_READ_ONLY = {
  ClientRepresentative: { read: 'all', write: [] },
  Household: { read: 'all', write: [] },
} as const satisfies Partial<Record<EntityName, EntityAccess>>;
/**
 * A broker's work on a client (tasks) and the client's timeline (calls, meetings, notes) serve
 * whichever purpose they were recorded under; each is visible only under that purpose.
 */
const SERVICE_READ_WRITE = {
  Task: { read: 'all', write: 'all', create: true },
  ClientActivity: { read: 'all', write: 'all', create: true },
} as const satisfies Partial<Record<EntityName, EntityAccess>>;
const SERVICE_READ_ONLY = {
  Task: { read: 'all', write: [] },
  ClientActivity: { read: 'all', write: [] },
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
    access: {
      Client: { read: 'all', write: 'all', create: true },
      ...OFFERS_AND_CONTRACTS_READ_WRITE,
      ...INSTALMENTS_READ_ONLY,
      ...CLIENT_GROUPS_READ_WRITE,
      ...SERVICE_READ_WRITE,
    },
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
    access: {
      Client: { read: 'all', write: 'all', create: true },
      ...OFFERS_AND_CONTRACTS_READ_WRITE,
      ...INSTALMENTS_READ_WRITE,
      ...CLIENT_GROUPS_READ_WRITE,
      ...SERVICE_READ_WRITE,
    },
    // Taking over a book of policies is performing those contracts (art. 6 ust. 1 lit. b RODO).
    bookImport: true,
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
    access: {
      Client: { read: 'all', write: [] },
      ...OFFERS_AND_CONTRACTS_READ_ONLY,
      ...INSTALMENTS_READ_ONLY,
      ...CLIENT_GROUPS_READ_ONLY,
      // The claim itself is kept and followed only here (art. 6 ust. 1 lit. f RODO).
      Claim: { read: 'all', write: 'all', create: true },
      ...SERVICE_READ_WRITE,
    },
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
    access: { Client: { read: ['firstName', 'lastName'], write: [] }, ...SERVICE_READ_WRITE },
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
      // What was due and what was paid, as the books record the premium.
      Instalment: { read: ['dueDate', 'amount', 'paidAmount', 'paidAt', 'status'], write: [] },
      // Insurers' commission statements are the broker's accounting: reconciled and settled here.
      CommissionStatementLine: { read: 'all', write: 'all', create: true },
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
    clientLookup: ['firstName', 'lastName', 'companyName', 'pesel'],
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
    access: {
      Client: { read: 'all', write: 'all' },
      ...OFFERS_AND_CONTRACTS_READ_ONLY,
      ...INSTALMENTS_READ_ONLY,
      ...CLIENT_GROUPS_READ_ONLY,
      Claim: { read: 'all', write: [] },
      ...SERVICE_READ_ONLY,
    },
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
