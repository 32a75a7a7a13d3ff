import { compile } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';

/**
 * What staff may write in a campaign body: paragraphs, line breaks, emphasis, links, lists and two
 * levels of heading. Everything else goes: scripts and styles with their content, event handlers,
 * inline styles, images (tracking pixels) and any link that is not http(s) or mailto.
 */
const STAFF_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'h2', 'h3'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
};

/** Staff-written HTML reduced to the safe list; applied when a campaign is saved and again when it is rendered. */
export function sanitizeStaffHtml(html: string): string {
  return sanitizeHtml(html, STAFF_HTML);
}

const HEADING = { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 };
const toText = compile({
  wordwrap: 78,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['(', ')'] } },
    { selector: 'img', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'h1', options: HEADING },
    { selector: 'h2', options: HEADING },
    { selector: 'h3', options: HEADING },
    { selector: 'hr', options: { length: 20 } },
  ],
});

/** A mail's text part from its HTML: entities decoded, no CSS or script text, links in brackets. */
export function htmlToText(html: string): string {
  return toText(html).trim();
}
