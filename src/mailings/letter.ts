import type { Language } from '@app/common/locale/polish';
import { escapeHtml } from './mail-template';

const FORMAL = {
  pl: { greeting: 'Szanowni Państwo,', closing: 'Z poważaniem' },
  en: { greeting: 'Dear Sir or Madam,', closing: 'Kind regards' },
} as const;

/**
 * A short service letter in the client's language: a neutral formal greeting (it does not guess
 * the addressee's gender or repeat their name), one paragraph, a formal closing.
 */
export function formalLetter(language: Language, paragraph: string): { text: string; html: string } {
  const { greeting, closing } = FORMAL[language];
  return {
    text: `${greeting}\n\n${paragraph}\n\n${closing}`,
    html: `<div lang="${language}"><p>${greeting}</p><p>${escapeHtml(paragraph)}</p><p>${closing}</p></div>`,
  };
}
