import type { Language } from '@app/common/locale/polish';

/**
 * Campaign templates: staff-authored HTML with two placeholders, {{firstName}} and {{lastName}}.
 * Names are HTML-escaped into the HTML part; the text part strips the template's tags first and
 * then inserts the names as they are.
 */
export const TEMPLATE_PLACEHOLDERS = ['firstName', 'lastName'] as const;
export type TemplateValues = Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(match[1])) unknown.add(match[1]);
  }
  return [...unknown];
}

/** The known placeholders a template fills in: the client fields a mail rendered from it shows. */
export function usedPlaceholders(...templates: string[]): Array<keyof TemplateValues> {
  const used = new Set<keyof TemplateValues>();
  for (const template of templates)
    for (const match of template.matchAll(PLACEHOLDER))
      if ((TEMPLATE_PLACEHOLDERS as readonly string[]).includes(match[1]))
        used.add(match[1] as keyof TemplateValues);
  return TEMPLATE_PLACEHOLDERS.filter((p) => used.has(p));
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in element content and in quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A template cut at its known placeholders: the text around them, and which value goes where. */
interface SplitTemplate {
  /** One more piece than there are slots; an unknown placeholder stays in its piece as written. */
  pieces: string[];
  slots: Array<keyof TemplateValues>;
}

/**
 * Templates already cut, by their text. A campaign renders the same subject, body and text part
 * for every recipient; searching each for placeholders once, not once per mail, leaves a join.
 */
const SPLIT_TEMPLATES = new Map<string, SplitTemplate>();
const SPLIT_TEMPLATES_KEPT = 64;

function split(template: string): SplitTemplate {
  let found = SPLIT_TEMPLATES.get(template);
  if (!found) {
    found = { pieces: [], slots: [] };
    let last = 0;
    for (const match of template.matchAll(PLACEHOLDER)) {
      if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(match[1])) continue;
      found.pieces.push(template.slice(last, match.index));
      found.slots.push(match[1] as keyof TemplateValues);
      last = match.index + match[0].length;
    }
    found.pieces.push(template.slice(last));
    if (SPLIT_TEMPLATES.size >= SPLIT_TEMPLATES_KEPT) SPLIT_TEMPLATES.clear();
    SPLIT_TEMPLATES.set(template, found);
  }
  return found;
}

function fill(template: string, values: TemplateValues, encode: (v: string) => string): string {
  const { pieces, slots } = split(template);
  if (slots.length === 0) return template;
  const parts = new Array<string>(pieces.length + slots.length);
  for (let i = 0; i < slots.length; i++) {
    parts[2 * i] = pieces[i];
    parts[2 * i + 1] = encode(values[slots[i]] ?? '');
  }
  parts[2 * slots.length] = pieces[slots.length];
  return parts.join('');
}

export function renderHtml(template: string, values: TemplateValues): string {
  return fill(template, values, escapeHtml);
}

/** A header value: names inserted as text, line breaks removed (no header injection). */
export function renderSubject(template: string, values: TemplateValues): string {
  return fill(template, values, (v) => v)
    .replace(/[\r\n]+/g, ' ')
    .trim();
}

/** The text part, from a template already turned into text (htmlToText in mail-html). */
export function renderText(textTemplate: string, values: TemplateValues): string {
  return fill(textTemplate, values, (v) => v);
}

/** What the footer of a consent-based mail says the recipient agreed to, per purpose. */
export const UNSUBSCRIBE_WHAT = {
  marketing: { pl: 'otrzymywanie informacji o ofertach', en: 'receive news about insurance offers' },
  renewal_reminders: {
    pl: 'przypomnienia o kończącym się okresie ubezpieczenia',
    en: 'reminders that an insurance period is ending',
  },
} as const;

/**
 * The footer every consent-based mail carries, in the client's language: why it came and how to
 * stop it, in one click.
 */
export function unsubscribeFooter(
  link: string,
  what: { pl: string; en: string },
  language: Language = 'pl',
): { html: string; text: string } {
  const words = footerWords(what, language);
  return {
    html: `${words.htmlBeforeLink}${escapeHtml(link)}${words.htmlAfterLink}`,
    text: `${words.textBeforeLink}${link}\n`,
  };
}

/** The footer around the link per (purpose text, language): a campaign writes it into every mail. */
const FOOTER_WORDS = new Map<
  string,
  { htmlBeforeLink: string; htmlAfterLink: string; textBeforeLink: string }
>();

function footerWords(
  what: { pl: string; en: string },
  language: Language,
): { htmlBeforeLink: string; htmlAfterLink: string; textBeforeLink: string } {
  const key = `${language}\u0000${what.pl}\u0000${what.en}`;
  let words = FOOTER_WORDS.get(key);
  if (!words) {
    const [why, action] =
      language === 'en'
        ? [`You receive this message because you agreed to ${what.en}.`, 'Unsubscribe']
        : [`Otrzymują Państwo tę wiadomość, ponieważ wyrazili Państwo zgodę na ${what.pl}.`, 'Wypisz się'];
    words = {
      htmlBeforeLink: `<hr><p style="font-size:12px;color:#555">${escapeHtml(why)} <a href="`,
      htmlAfterLink: `">${action}</a>.</p>`,
      textBeforeLink: `\n\n--\n${why} ${action}: `,
    };
    // Only the purposes' texts in UNSUBSCRIBE_WHAT come here; the bound is a guard, not a policy.
    if (FOOTER_WORDS.size >= 64) FOOTER_WORDS.clear();
    FOOTER_WORDS.set(key, words);
  }
  return words;
}
