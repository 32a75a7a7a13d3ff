import type { Language } from '@app/common/locale/polish';
import type { UnsubscribeClaim } from './unsubscribe-token';
import { escapeHtml } from './mail-template';

const WHAT: Record<UnsubscribeClaim['purpose'], Record<Language, string>> = {
  marketing: { pl: 'informacje o nowych ofertach ubezpieczeń', en: 'news about insurance offers' },
  renewal_reminders: {
    pl: 'przypomnienia o kończącym się okresie ubezpieczenia',
    en: 'reminders that an insurance period is ending',
  },
  client_contact: { pl: 'kontakt w sprawie obsługi', en: 'service contact' },
};
const CHANNEL: Record<UnsubscribeClaim['channel'], Record<Language, string>> = {
  email: { pl: 'e-mailem', en: 'by e-mail' },
  phone: { pl: 'telefonicznie', en: 'by phone' },
  post: { pl: 'pocztą', en: 'by post' },
};

/** The words of the pages, in the client's language (the link says which: `lang=en`, or Polish). */
const WORDS = {
  pl: {
    formTitle: 'Wypisz się',
    question: (what: string) => `Czy chcą Państwo wycofać zgodę na ${what}? Wycofanie działa od razu.`,
    button: 'Wypisz mnie',
    doneTitle: 'Wypisano',
    done: (what: string) => `Zgoda na ${what} została wycofana. Nie wyślemy już takich wiadomości.`,
    invalidTitle: 'Nieprawidłowy link',
    invalid: 'Ten link do wypisania się jest nieprawidłowy. Prosimy o kontakt z nami, aby wycofać zgodę.',
  },
  en: {
    formTitle: 'Unsubscribe',
    question: (what: string) => `Do you want to withdraw your consent to ${what}? It takes effect at once.`,
    button: 'Unsubscribe me',
    doneTitle: 'Unsubscribed',
    done: (what: string) => `Your consent to ${what} is withdrawn. We will not send such messages any more.`,
    invalidTitle: 'Invalid link',
    invalid: 'This unsubscribe link is not valid. Contact us to withdraw your consent.',
  },
} as const;

/** Static HTML, no script (the CSP allows same-origin scripts only; a plain form needs none). */
function page(language: Language, title: string, inner: string): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}
button{font-size:1rem;padding:.6rem 1.2rem;cursor:pointer}</style></head>
<body><main><h1>${title}</h1>
${inner}</main></body></html>`;
}

function what(claim: UnsubscribeClaim, language: Language): string {
  return escapeHtml(`${WHAT[claim.purpose][language]} ${CHANNEL[claim.channel][language]}`);
}

export function unsubscribeForm(claim: UnsubscribeClaim, token: string, language: Language = 'pl'): string {
  const w = WORDS[language];
  const lang = language === 'pl' ? '' : `&amp;lang=${language}`;
  return page(
    language,
    w.formTitle,
    `<p>${w.question(what(claim, language))}</p>
<form method="post" action="?token=${encodeURIComponent(token)}${lang}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${w.button}</button>
</form>`,
  );
}

export function unsubscribeDone(claim: UnsubscribeClaim, language: Language = 'pl'): string {
  const w = WORDS[language];
  return page(language, w.doneTitle, `<p>${w.done(what(claim, language))}</p>`);
}

export function unsubscribeInvalid(language: Language = 'pl'): string {
  const w = WORDS[language];
  return page(language, w.invalidTitle, `<p>${w.invalid}</p>`);
}

/** The page language a link asks for: English when it says so, otherwise Polish. */
export function pageLanguage(lang: unknown): Language {
  return lang === 'en' ? 'en' : 'pl';
}
