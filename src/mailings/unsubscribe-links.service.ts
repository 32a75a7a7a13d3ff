import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/common/config/app-config';
import type { Language } from '@app/common/locale/polish';
import { UnsubscribeClaim, UnsubscribeTokens } from './unsubscribe-token';

/** Not a token the verifier accepts (wrong length and alphabet), and saying what it is. */
const SPECIMEN_TOKEN = 'example';

/** Personal one-click unsubscribe links and the RFC 8058 headers that carry them. */
@Injectable()
export class UnsubscribeLinks {
  private readonly tokens: UnsubscribeTokens;
  /** The page's address up to the token, built once: a campaign builds a link per mail. */
  private readonly pageUrl: string;

  constructor(config: AppConfig) {
    this.tokens = new UnsubscribeTokens(config.UNSUBSCRIBE_SECRET);
    this.pageUrl = `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/api/unsubscribe?token=`;
  }

  /** The link; an English-speaking client's pages open in English (`lang=en`, a display choice only). */
  link(claim: UnsubscribeClaim, language: Language = 'pl'): string {
    const base = `${this.pageUrl}${this.tokens.issue(claim)}`;
    return language === 'pl' ? base : `${base}&lang=${language}`;
  }

  /**
   * Where a personal link would be, in mail shown to staff (a preview, a test mail): it withdraws
   * nothing, so no one but the person can withdraw their consent through a link.
   */
  specimen(): string {
    return `${this.pageUrl}${SPECIMEN_TOKEN}`;
  }

  /** `List-Unsubscribe` (the HTTPS link) and `List-Unsubscribe-Post` (one-click, RFC 8058). */
  headers(link: string): Record<string, string> {
    return { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  }

  verify(token: unknown): UnsubscribeClaim | null {
    return this.tokens.verify(token);
  }
}
