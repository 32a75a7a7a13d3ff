/**
 * How a Polish broker's office writes numbers, dates and counted words, for mail and documents
 * (the web app has its own copy of the same rules). English is the second language.
 */
export type Language = 'pl' | 'en';

const PLURAL_RULES: Record<Language, Intl.PluralRules> = {
  pl: new Intl.PluralRules('pl-PL'),
  en: new Intl.PluralRules('en-GB'),
};

/**
 * A counted noun in the language's plural form. Polish has three forms for whole numbers: `one`
 * (1 dzień), `few` (2–4, 22–24: 3 dni) and `many` (0, 5–21, 25…: 5 dni); English has one and other.
 */
export function counted(
  n: number,
  forms: { one: string; few?: string; many?: string; other: string },
  language: Language = 'pl',
): string {
  const rule = PLURAL_RULES[language].select(n);
  const word =
    rule === 'one'
      ? forms.one
      : rule === 'few'
        ? (forms.few ?? forms.other)
        : rule === 'many'
          ? (forms.many ?? forms.other)
          : forms.other;
  return `${n} ${word}`;
}

/** "1 dzień", "3 dni", "5 dni"; "1 day", "3 days". */
export function days(n: number, language: Language = 'pl'): string {
  return language === 'pl'
    ? counted(n, { one: 'dzień', few: 'dni', many: 'dni', other: 'dnia' }, 'pl')
    : counted(n, { one: 'day', other: 'days' }, 'en');
}

/** A calendar date (YYYY-MM-DD) as the office writes it: dd.mm.rrrr in Polish, dd/mm/yyyy in English. */
export function calendarDate(isoDate: string, language: Language = 'pl'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) throw new Error(`not a calendar date: ${isoDate}`);
  const [, y, m, d] = match;
  return language === 'pl' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
}

/** An instant as a date and time in the given zone (the broker's, from BrokerClock): "02.12.2026, 16:05". */
export function dateTime(at: Date | string, timeZone: string, language: Language = 'pl'): string {
  const parts = new Intl.DateTimeFormat(language === 'pl' ? 'pl-PL' : 'en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(typeof at === 'string' ? new Date(at) : at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const date =
    language === 'pl'
      ? `${part('day')}.${part('month')}.${part('year')}`
      : `${part('day')}/${part('month')}/${part('year')}`;
  return `${date}, ${part('hour')}:${part('minute')}`;
}

/**
 * An amount in grosze as "1 234,56 zł" (Polish: a space groups thousands, a comma before the
 * grosze); "PLN 1,234.56" in English.
 */
export function money(grosze: number | bigint | string, language: Language = 'pl'): string {
  const value = BigInt(grosze);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = (abs / 100n).toString();
  const fraction = (abs % 100n).toString().padStart(2, '0');
  const sign = negative ? '-' : '';
  if (language === 'en') return `${sign}PLN ${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
  // Grouped from four digits on ("1 234,56 zł"), as the office writes amounts.
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${fraction} zł`;
}

/**
 * An article of the GDPR as a document in the language cites it: Polish law writes "art. 7(3)
 * GDPR" as "art. 7 ust. 3 RODO" and "art. 6(1)(b) GDPR" as "art. 6 ust. 1 lit. b RODO".
 */
export function citeArticle(english: string, language: Language = 'pl'): string {
  if (language === 'en') return english;
  return english
    .replace(/art\. (\d+)\((\d+)\)\(([a-z])\)/g, 'art. $1 ust. $2 lit. $3')
    .replace(/art\. (\d+)\((\d+)\)/g, 'art. $1 ust. $2')
    .replace(/\bGDPR\b/g, 'RODO');
}
