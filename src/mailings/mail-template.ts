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

function fill(template: string, values: TemplateValues, encode: (v: string) => string): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    name in values ? encode(values[name as keyof TemplateValues] ?? '') : whole,
  );
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

interface FooterParts {
  html: [string, string, string];
  text: [string, string];
}

const footers = new Map<string, FooterParts>();

/** The footer every consent-based mail carries: why it came and how to stop it, in one click. */
export function unsubscribeFooter(
  link: string,
  what: { pl: string; en: string },
): { html: string; text: string } {
  const parts = footerParts(what);
  const safe = escapeHtml(link);
  return {
    html: `${parts.html[0]}${safe}${parts.html[1]}${safe}${parts.html[2]}`,
    text: `${parts.text[0]}${link}${parts.text[1]}${link}\n`,
  };
}

/** The fixed text around the links, built once per wording (every mail of a run shares it). */
function footerParts(what: { pl: string; en: string }): FooterParts {
  const key = `${what.pl}|${what.en}`;
  let parts = footers.get(key);
  if (!parts) {
    parts = {
      html: [
        `<hr><p style="font-size:12px;color:#555">Otrzymujesz tę wiadomość, ponieważ wyraziłeś(-aś) zgodę na ${escapeHtml(what.pl)}. <a href="`,
        `">Wypisz się</a>.<br>You receive this because you agreed to ${escapeHtml(what.en)}. <a href="`,
        `">Unsubscribe</a>.</p>`,
      ],
      text: [
        `\n\n--\nOtrzymujesz tę wiadomość, ponieważ wyraziłeś(-aś) zgodę na ${what.pl}. Wypisz się: `,
        `\nYou receive this because you agreed to ${what.en}. Unsubscribe: `,
      ],
    };
    footers.set(key, parts);
  }
  return parts;
}
