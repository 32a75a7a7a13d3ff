import type { UnsubscribeClaim } from './unsubscribe-token';
import { escapeHtml } from './mail-template';

const WHAT: Record<UnsubscribeClaim['purpose'], { pl: string; en: string }> = {
  marketing: { pl: 'informacje o nowych ofertach ubezpieczeń', en: 'news about insurance offers' },
  renewal_reminders: {
    pl: 'przypomnienia o kończącym się okresie ubezpieczenia',
    en: 'reminders that an insurance period is ending',
  },
  client_contact: { pl: 'kontakt w sprawie obsługi', en: 'service contact' },
};
const CHANNEL: Record<UnsubscribeClaim['channel'], { pl: string; en: string }> = {
  email: { pl: 'e-mailem', en: 'by e-mail' },
  phone: { pl: 'telefonicznie', en: 'by phone' },
  post: { pl: 'pocztą', en: 'by post' },
};

/** Static HTML, no script (the CSP allows same-origin scripts only; a plain form needs none). */
function page(title: string, inner: string): string {
  return `<!doctype html>
<html lang="pl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}
button{font-size:1rem;padding:.6rem 1.2rem;cursor:pointer}p.en{color:#555}</style></head>
<body><main>${inner}</main></body></html>`;
}

export function unsubscribeForm(claim: UnsubscribeClaim, token: string): string {
  const what = WHAT[claim.purpose];
  const how = CHANNEL[claim.channel];
  return page(
    'Wypisz się / Unsubscribe',
    `<h1>Wypisz się / Unsubscribe</h1>
<p>Czy chcesz wycofać zgodę na ${escapeHtml(what.pl)} ${escapeHtml(how.pl)}? Wycofanie działa od razu.</p>
<p class="en">Do you want to withdraw your consent to ${escapeHtml(what.en)} ${escapeHtml(how.en)}? It takes effect at once.</p>
<form method="post" action="?token=${encodeURIComponent(token)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Wypisz mnie / Unsubscribe me</button>
</form>`,
  );
}

export function unsubscribeDone(claim: UnsubscribeClaim): string {
  const what = WHAT[claim.purpose];
  const how = CHANNEL[claim.channel];
  return page(
    'Wypisano / Unsubscribed',
    `<h1>Wypisano / Unsubscribed</h1>
<p>Zgoda na ${escapeHtml(what.pl)} ${escapeHtml(how.pl)} została wycofana. Nie wyślemy już takich wiadomości.</p>
<p class="en">Your consent to ${escapeHtml(what.en)} ${escapeHtml(how.en)} is withdrawn. We will not send such messages any more.</p>`,
  );
}

export function unsubscribeInvalid(): string {
  return page(
    'Nieprawidłowy link / Invalid link',
    `<h1>Nieprawidłowy link / Invalid link</h1>
<p>Ten link do wypisania się jest nieprawidłowy. Skontaktuj się z nami, aby wycofać zgodę.</p>
<p class="en">This unsubscribe link is not valid. Contact us to withdraw your consent.</p>`,
  );
}
