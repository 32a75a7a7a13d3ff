import { EntityName } from './entities';

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
