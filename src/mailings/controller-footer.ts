import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/common/config/app-config';
import type { Language } from '@app/common/locale/polish';
import { CONTROLLER } from '@app/privacy';
import { escapeHtml } from './mail-template';

export interface MailParts {
  html: string;
  text: string;
}

/**
 * What every mail ends with (art. 13 RODO): who the controller is, how to reach the data
 * protection officer (IOD), and where the information notice is. Polish first; English where the
 * mail is in English too.
 */
export function controllerFooter(
  noticeUrl: (language: Language) => string,
  languages: readonly Language[],
): MailParts {
  const lines = languages.map((language) => {
    const url = noticeUrl(language);
    return language === 'pl'
      ? {
          text: `Administratorem danych osobowych jest ${CONTROLLER.name}, ${CONTROLLER.address}. Kontakt z inspektorem ochrony danych (IOD): ${CONTROLLER.email}. Informacja o przetwarzaniu danych osobowych: ${url}`,
          html: `Administratorem danych osobowych jest ${escapeHtml(CONTROLLER.name)}, ${escapeHtml(CONTROLLER.address)}. Kontakt z inspektorem ochrony danych (IOD): <a href="mailto:${CONTROLLER.email}">${CONTROLLER.email}</a>. <a href="${escapeHtml(url)}">Informacja o przetwarzaniu danych osobowych</a>.`,
        }
      : {
          text: `The controller of your personal data is ${CONTROLLER.name}, ${CONTROLLER.address}. Data protection officer (IOD): ${CONTROLLER.email}. How we process personal data: ${url}`,
          html: `The controller of your personal data is ${escapeHtml(CONTROLLER.name)}, ${escapeHtml(CONTROLLER.address)}. Data protection officer (IOD): <a href="mailto:${CONTROLLER.email}">${CONTROLLER.email}</a>. <a href="${escapeHtml(url)}">How we process personal data</a>.`,
        };
  });
  return {
    html: `<p style="font-size:12px;color:#555">${lines.map((l) => l.html).join('<br>')}</p>`,
    text: `\n${lines.map((l) => l.text).join('\n')}\n`,
  };
}

/**
 * Appends the controller's footer to a mail's HTML and text parts. Joined rather than
 * concatenated: a join makes one flat string, where `+` makes a rope that nodemailer would walk
 * character by character (to choose the encoding, then to encode) through its pieces.
 */
export function withFooter<M extends MailParts>(mail: M, footer: MailParts): M {
  return {
    ...mail,
    html: [mail.html, footer.html].join(''),
    text: [withOneTrailingNewline(mail.text), footer.text].join(''),
  };
}

/**
 * The text with its trailing line breaks replaced by one. A loop rather than /\n*$/: that
 * pattern is tried at every position of the text, and every campaign mail passes here.
 */
function withOneTrailingNewline(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end -= 1;
  return `${text.slice(0, end)}\n`;
}

/** The controller's footer with links to the notice as this deployment serves it (PUBLIC_BASE_URL). */
@Injectable()
export class ControllerFooter {
  private readonly built = new Map<string, MailParts>();

  constructor(private readonly config: AppConfig) {}

  /** The notice's public address in a language. */
  noticeUrl(language: Language): string {
    return `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/api/privacy/notice?lang=${language}`;
  }

  for(languages: readonly Language[]): MailParts {
    const key = languages.join(',');
    let footer = this.built.get(key);
    if (!footer) {
      footer = controllerFooter((l) => this.noticeUrl(l), languages);
      this.built.set(key, footer);
    }
    return footer;
  }

  /** The mail with the footer appended. */
  append<M extends MailParts>(mail: M, languages: readonly Language[]): M {
    return withFooter(mail, this.for(languages));
  }
}
