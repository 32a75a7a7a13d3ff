import type { Language } from '@app/common/locale/polish';

/**
 * The words of the access report (art. 15) as the person reads them: Polish first, English for a
 * client whose language of correspondence is English. Codes the record keeps (field names,
 * statuses, operations) are shown by these names, never raw.
 */

type Words = Record<Language, string>;
type Dictionary = Record<string, Words>;

export const HEADINGS = {
  title: {
    pl: 'Informacja o przetwarzanych danych osobowych (art. 15 RODO)',
    en: 'Access report (art. 15 GDPR)',
  },
  generated: { pl: 'Sporządzono', en: 'Generated' },
  controller: { pl: 'Administrator danych', en: 'Controller' },
  request: { pl: 'Wniosek', en: 'Request' },
  yourData: { pl: 'Pani/Pana dane', en: 'Your data' },
  record: { pl: 'Stan danych', en: 'State of the record' },
  source: { pl: 'Źródło danych', en: 'Source of the data' },
  purposes: {
    pl: 'Cele, podstawy prawne i okresy przechowywania',
    en: 'Purposes, legal bases and retention',
  },
  consents: { pl: 'Zgody', en: 'Consents' },
  offers: { pl: 'Zapytania ofertowe', en: 'Offer requests' },
  contracts: { pl: 'Umowy ubezpieczenia', en: 'Insurance contracts' },
  instalments: { pl: 'Raty składek', en: 'Premium instalments' },
  mailings: { pl: 'Wysyłki', en: 'Mailings' },
  claims: { pl: 'Szkody', en: 'Claims' },
  tasks: { pl: 'Zadania dotyczące Pani/Pana', en: 'Tasks about you' },
  activities: { pl: 'Kontakty z Panią/Panem', en: 'Contacts with you' },
  documents: { pl: 'Dokumenty', en: 'Documents' },
  commissionLines: {
    pl: 'Rozliczenia prowizji od Pani/Pana polis',
    en: 'Commission statement lines of your policies',
  },
  accessLog: { pl: 'Kto korzystał z danych', en: 'Who accessed your data' },
  recipients: { pl: 'Odbiorcy danych', en: 'Recipients' },
  transfers: {
    pl: 'Przekazywanie do państw trzecich i zautomatyzowane decyzje',
    en: 'Transfers and automated decisions',
  },
  rights: { pl: 'Pani/Pana prawa', en: 'Your rights' },
  complaint: { pl: 'Skargę można wnieść do', en: 'A complaint may be lodged with' },
  none: { pl: 'brak', en: 'none' },
  yes: { pl: 'tak', en: 'yes' },
  no: { pl: 'nie', en: 'no' },
  whileBasisLasts: { pl: 'do czasu ustania podstawy', en: 'while the basis lasts' },
  newestListed: { pl: 'podano najnowsze', en: 'the newest are listed' },
} satisfies Dictionary;

export const COLUMNS = {
  field: { pl: 'Dane', en: 'Field' },
  value: { pl: 'Wartość', en: 'Value' },
  requestType: { pl: 'Rodzaj', en: 'Type' },
  receivedAt: { pl: 'Data wpływu', en: 'Received' },
  dueAt: { pl: 'Termin odpowiedzi', en: 'Due' },
  purpose: { pl: 'Cel', en: 'Purpose' },
  applies: { pl: 'Dotyczy Pani/Pana', en: 'Applies to you' },
  legalBasis: { pl: 'Podstawa prawna', en: 'Legal basis' },
  dataUsed: { pl: 'Zakres danych', en: 'Data used' },
  retention: { pl: 'Okres przechowywania', en: 'Retention' },
  keptUntil: { pl: 'Przechowywane do', en: 'Kept until' },
  recipients: { pl: 'Odbiorcy', en: 'Recipients' },
  at: { pl: 'Kiedy', en: 'When' },
  event: { pl: 'Zdarzenie', en: 'Event' },
  channel: { pl: 'Kanał', en: 'Channel' },
  source: { pl: 'Źródło', en: 'Source' },
  noticeVersion: { pl: 'Wersja klauzuli', en: 'Notice version' },
  requested: { pl: 'Data zapytania', en: 'Requested' },
  line: { pl: 'Rodzaj ubezpieczenia', en: 'Line of business' },
  status: { pl: 'Stan', en: 'Status' },
  quotes: { pl: 'Oferty', en: 'Quotes' },
  policyNumber: { pl: 'Numer polisy', en: 'Policy number' },
  insurer: { pl: 'Ubezpieczyciel', en: 'Insurer' },
  period: { pl: 'Okres ochrony', en: 'Period of cover' },
  premium: { pl: 'Składka', en: 'Premium' },
  role: { pl: 'Pani/Pana rola', en: 'Your role' },
  instalment: { pl: 'Rata', en: 'Instalment' },
  amount: { pl: 'Kwota', en: 'Amount' },
  paid: { pl: 'Zapłacono', en: 'Paid' },
  campaign: { pl: 'Wysyłka', en: 'Mailing' },
  reason: { pl: 'Powód', en: 'Reason' },
  staffRole: { pl: 'Rola pracownika', en: 'Staff role' },
  operation: { pl: 'Czynność', en: 'Operation' },
  on: { pl: 'Czego dotyczyła', en: 'On' },
  fields: { pl: 'Zakres danych', en: 'Fields' },
  outcome: { pl: 'Wynik', en: 'Outcome' },
  dateOfLoss: { pl: 'Data szkody', en: 'Date of loss' },
  claimNumber: { pl: 'Numer szkody', en: 'Claim number' },
  description: { pl: 'Opis', en: 'Description' },
  claimed: { pl: 'Kwota roszczenia', en: 'Amount claimed' },
  title: { pl: 'Zadanie', en: 'Task' },
  kind: { pl: 'Rodzaj', en: 'Kind' },
  completedAt: { pl: 'Zakończono', en: 'Completed' },
  summary: { pl: 'Treść', en: 'Summary' },
  category: { pl: 'Kategoria', en: 'Category' },
  fileName: { pl: 'Nazwa pliku', en: 'File name' },
  contentType: { pl: 'Typ pliku', en: 'File type' },
  size: { pl: 'Rozmiar', en: 'Size' },
  uploadedAt: { pl: 'Dodano', en: 'Uploaded' },
  statementImportedAt: { pl: 'Data zestawienia', en: 'Statement of' },
  expected: { pl: 'Prowizja należna', en: 'Commission expected' },
  commissionPaid: { pl: 'Prowizja wypłacona', en: 'Commission paid' },
} satisfies Dictionary;

/** The fields of the client record. */
export const FIELDS: Dictionary = {
  firstName: { pl: 'Imię', en: 'First name' },
  lastName: { pl: 'Nazwisko', en: 'Last name' },
  email: { pl: 'Adres e-mail', en: 'E-mail address' },
  phone: { pl: 'Numer telefonu', en: 'Telephone number' },
  address: { pl: 'Adres korespondencyjny', en: 'Correspondence address' },
  dateOfBirth: { pl: 'Data urodzenia', en: 'Date of birth' },
  pesel: { pl: 'Numer PESEL', en: 'PESEL number' },
  language: { pl: 'Język korespondencji', en: 'Language of correspondence' },
  clientId: { pl: 'Identyfikator w naszej bazie', en: 'Identifier in our records' },
  status: { pl: 'Stan danych', en: 'Status' },
  restricted: { pl: 'Ograniczenie przetwarzania (art. 18 RODO)', en: 'Restricted (art. 18 GDPR)' },
  objectedToMarketing: {
    pl: 'Sprzeciw wobec marketingu (art. 21 RODO)',
    en: 'Objected to marketing (art. 21 GDPR)',
  },
  createdAt: { pl: 'Data zapisania', en: 'Recorded' },
  lastActivityAt: { pl: 'Ostatnia czynność', en: 'Last activity' },
  anonymisedAt: { pl: 'Data anonimizacji', en: 'Anonymised' },
  consents: { pl: 'zgody', en: 'consents' },
  offers: { pl: 'zapytania ofertowe', en: 'offer requests' },
  contracts: { pl: 'umowy', en: 'contracts' },
  instalments: { pl: 'raty', en: 'instalments' },
  campaignRecipients: { pl: 'wysyłki', en: 'mailings' },
  claims: { pl: 'szkody', en: 'claims' },
  tasks: { pl: 'zadania', en: 'tasks' },
  activities: { pl: 'kontakty', en: 'contacts' },
  documents: { pl: 'dokumenty', en: 'documents' },
  commissionLines: { pl: 'rozliczenia prowizji', en: 'commission statement lines' },
  legalHolds: { pl: 'zatrzymania prawne', en: 'legal holds' },
  accessLog: { pl: 'rejestr operacji', en: 'record of operations' },
  requiredCoverages: { pl: 'wymagany zakres ochrony', en: 'required cover' },
  maxPremium: { pl: 'maksymalna składka', en: 'maximum premium' },
  notes: { pl: 'uwagi', en: 'notes' },
  policyNumber: { pl: 'numer polisy', en: 'policy number' },
  premium: { pl: 'składka', en: 'premium' },
  insuredObject: { pl: 'przedmiot ubezpieczenia', en: 'insured object' },
  reason: { pl: 'powód', en: 'reason' },
  type: { pl: 'rodzaj', en: 'type' },
  receivedAt: { pl: 'data wpływu', en: 'date received' },
  dueAt: { pl: 'termin', en: 'due date' },
  identityMethod: { pl: 'sposób potwierdzenia tożsamości', en: 'how identity was verified' },
  identityNotes: { pl: 'uwagi o tożsamości', en: 'identity notes' },
  extension: { pl: 'przedłużenie terminu', en: 'extension' },
  delivery: { pl: 'sposób doręczenia', en: 'delivery' },
  outcome: { pl: 'wynik', en: 'outcome' },
  purpose: { pl: 'cel', en: 'purpose' },
  channel: { pl: 'kanał', en: 'channel' },
  source: { pl: 'źródło', en: 'source' },
  evidence: { pl: 'dowód', en: 'evidence' },
  noticeVersion: { pl: 'wersja klauzuli', en: 'notice version' },
};

export const LANGUAGES: Dictionary = {
  pl: { pl: 'polski', en: 'Polish' },
  en: { pl: 'angielski', en: 'English' },
};

export const REQUEST_TYPES: Dictionary = {
  access: { pl: 'dostęp do danych', en: 'access' },
  rectification: { pl: 'sprostowanie', en: 'rectification' },
  erasure: { pl: 'usunięcie', en: 'erasure' },
  restriction: { pl: 'ograniczenie przetwarzania', en: 'restriction' },
  objection: { pl: 'sprzeciw', en: 'objection' },
  portability: { pl: 'przeniesienie danych', en: 'portability' },
  withdraw_consent: { pl: 'wycofanie zgody', en: 'consent withdrawal' },
};

export const STATUSES: Dictionary = {
  active: { pl: 'w mocy', en: 'in force' },
  open: { pl: 'otwarte', en: 'open' },
  done: { pl: 'zakończone', en: 'done' },
  rejected: { pl: 'odrzucone', en: 'rejected' },
  unpaid: { pl: 'niezapłacona', en: 'unpaid' },
  sending: { pl: 'w trakcie wysyłki', en: 'sending' },
  draft: { pl: 'szkic', en: 'draft' },
  concluded: { pl: 'zawarte', en: 'concluded' },
  cancelled: { pl: 'anulowana', en: 'cancelled' },
  ended: { pl: 'zakończona', en: 'ended' },
  expired: { pl: 'wygasła', en: 'expired' },
  pending: { pl: 'oczekuje', en: 'pending' },
  paid: { pl: 'zapłacona', en: 'paid' },
  partially_paid: { pl: 'zapłacona częściowo', en: 'partly paid' },
  overdue: { pl: 'zaległa', en: 'overdue' },
  superseded: { pl: 'zastąpiona', en: 'superseded' },
  queued: { pl: 'w kolejce', en: 'queued' },
  sent: { pl: 'wysłana', en: 'sent' },
  skipped: { pl: 'pominięta', en: 'skipped' },
  failed: { pl: 'nieudana', en: 'failed' },
  declined: { pl: 'odrzucona', en: 'declined' },
  accepted: { pl: 'przyjęta', en: 'accepted' },
  granted: { pl: 'udzielona', en: 'granted' },
  withdrawn: { pl: 'wycofana', en: 'withdrawn' },
  allowed: { pl: 'dozwolona', en: 'allowed' },
  denied: { pl: 'odmowa', en: 'denied' },
  policyholder: { pl: 'ubezpieczający', en: 'policyholder' },
  insured: { pl: 'ubezpieczony', en: 'insured' },
  matched: { pl: 'zgodna', en: 'matched' },
  differs: { pl: 'rozbieżna', en: 'differs' },
  unknown_policy: { pl: 'nieznana polisa', en: 'unknown policy' },
  missing: { pl: 'brak wypłaty', en: 'not paid' },
  reported: { pl: 'zgłoszona', en: 'reported' },
  in_assessment: { pl: 'w likwidacji', en: 'being assessed' },
  refused: { pl: 'odmowa', en: 'refused' },
};

/** Kinds of tasks and of contacts on the timeline. */
export const KINDS: Dictionary = {
  manual: { pl: 'zadanie pracownika', en: 'staff task' },
  renewal_call: { pl: 'telefon w sprawie odnowienia', en: 'renewal call' },
  instalment_overdue: { pl: 'zaległa rata', en: 'overdue instalment' },
  call: { pl: 'rozmowa telefoniczna', en: 'telephone call' },
  meeting: { pl: 'spotkanie', en: 'meeting' },
  note: { pl: 'notatka', en: 'note' },
};

/** The state of the client record itself. */
export const RECORD_STATUSES: Dictionary = {
  active: { pl: 'przechowywane', en: 'held' },
  anonymised: { pl: 'zanonimizowane', en: 'anonymised' },
};

export const CHANNEL_NAMES: Dictionary = {
  email: { pl: 'e-mail', en: 'e-mail' },
  phone: { pl: 'telefon', en: 'telephone' },
  post: { pl: 'poczta', en: 'post' },
};

export const ROLE_NAMES: Dictionary = {
  admin: { pl: 'administrator systemu', en: 'administrator' },
  broker: { pl: 'broker', en: 'broker' },
  marketing: { pl: 'dział marketingu', en: 'marketing' },
  manager: { pl: 'kierownik', en: 'manager' },
  accountant: { pl: 'księgowość', en: 'accounting' },
  dpo: { pl: 'inspektor ochrony danych', en: 'data protection officer' },
  system: { pl: 'system', en: 'system' },
};

export const ACTIONS: Dictionary = {
  read: { pl: 'odczyt', en: 'read' },
  list: { pl: 'wyszukanie na liście', en: 'listed' },
  create: { pl: 'zapisanie', en: 'created' },
  update: { pl: 'zmiana', en: 'changed' },
  delete: { pl: 'usunięcie', en: 'deleted' },
  export: { pl: 'udostępnienie', en: 'exported' },
  disclose: { pl: 'ujawnienie', en: 'disclosed' },
  send: { pl: 'wysłanie', en: 'sent' },
  skip: { pl: 'pominięcie', en: 'skipped' },
  erase: { pl: 'anonimizacja', en: 'erased' },
  restrict: { pl: 'ograniczenie', en: 'restricted' },
  review: { pl: 'przegląd', en: 'reviewed' },
};

export const RESOURCES: Dictionary = {
  access_report: { pl: 'informacja o danych', en: 'access report' },
  campaign: { pl: 'kampania', en: 'campaign' },
  campaign_recipient: { pl: 'odbiorca wysyłki', en: 'mailing recipient' },
  claim: { pl: 'szkoda', en: 'claim' },
  client_activity: { pl: 'kontakt z klientem', en: 'contact with the client' },
  commission_statement: { pl: 'zestawienie prowizji', en: 'commission statement' },
  commission_statement_line: { pl: 'pozycja zestawienia prowizji', en: 'commission statement line' },
  client: { pl: 'dane klienta', en: 'client data' },
  client_representative: { pl: 'reprezentacja firmy', en: 'company representation' },
  client_transfer: { pl: 'przeniesienie klienta', en: 'client transfer' },
  consent: { pl: 'zgoda', en: 'consent' },
  contract: { pl: 'umowa', en: 'contract' },
  contract_annex: { pl: 'aneks', en: 'annex' },
  contract_reminder: { pl: 'przypomnienie o odnowieniu', en: 'renewal reminder' },
  data_subject_request: { pl: 'wniosek RODO', en: 'data subject request' },
  document: { pl: 'dokument', en: 'document' },
  document_content: { pl: 'treść dokumentu', en: 'document content' },
  household: { pl: 'gospodarstwo domowe', en: 'household' },
  instalment: { pl: 'rata', en: 'instalment' },
  instalment_reminder: { pl: 'przypomnienie o racie', en: 'instalment reminder' },
  legal_hold: { pl: 'zatrzymanie prawne', en: 'legal hold' },
  offer_request: { pl: 'zapytanie ofertowe', en: 'offer request' },
  offers_and_contracts: { pl: 'oferty i umowy', en: 'offers and contracts' },
  portability_export: { pl: 'przeniesienie danych', en: 'portability export' },
  quote: { pl: 'oferta', en: 'quote' },
  retention_sweep: { pl: 'przegląd okresów przechowywania', en: 'retention review' },
  task: { pl: 'zadanie', en: 'task' },
};

/** A word of a dictionary; an unknown code is shown as the words it is made of rather than hidden. */
export function word(dictionary: Dictionary, code: string | null | undefined, language: Language): string {
  if (code === null || code === undefined || code === '') return '—';
  return (
    dictionary[code]?.[language] ??
    code
      .replace(/_/g, ' ')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
  );
}
