import {
  UNSUBSCRIBE_WHAT,
  escapeHtml,
  renderHtml,
  renderSubject,
  renderText,
  unknownPlaceholders,
  unsubscribeFooter,
  usedPlaceholders,
} from './mail-template';
import { htmlToText } from './mail-html';

describe('campaign templates', () => {
  const values = { firstName: '<img src=x onerror=alert(1)>', lastName: `O'Brien & "Co"` };

  it('fills names HTML-escaped into the HTML part', () => {
    expect(renderHtml('<p>Dear {{firstName}} {{ lastName }}</p>', values)).toBe(
      '<p>Dear &lt;img src=x onerror=alert(1)&gt; O&#39;Brien &amp; &quot;Co&quot;</p>',
    );
  });

  it('fills names as text into the text part, after the template lost its tags', () => {
    expect(renderText(htmlToText('<p>Dear {{firstName}}</p><p>Bye &amp; thanks</p>'), values)).toBe(
      'Dear <img src=x onerror=alert(1)>\n\nBye & thanks',
    );
    expect(htmlToText('a<br>b')).toBe('a\nb');
  });

  it('keeps a subject on one line', () => {
    expect(renderSubject('Hi {{firstName}}', { firstName: 'Anna\r\nBcc: x@example.com', lastName: '' })).toBe(
      'Hi Anna Bcc: x@example.com',
    );
  });

  it('fills a template cut once as a replacement of every placeholder would, the same template many times', () => {
    const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
    const byReplace = (template: string, v: typeof values, encode: (s: string) => string) =>
      template.replace(PLACEHOLDER, (whole, name: string) =>
        name === 'firstName' || name === 'lastName' ? encode(v[name]) : whole,
      );
    const templates = [
      '',
      'no names at all',
      '{{firstName}}',
      '{{firstName}}{{lastName}}{{ firstName }}',
      'Dear {{firstName}} {{ lastName }}, {{pesel}} stays, {{ unknown_1 }} too, {{firstName}}.',
      '{{ {{firstName}} }} {{lastName',
      'zażółć {{firstName}} gęślą {{lastName}} jaźń',
    ];
    const names = [values, { firstName: 'Anna', lastName: '' }, { firstName: '', lastName: 'Łęcka-Źdźbło' }];
    for (let round = 0; round < 2; round++)
      for (const template of templates)
        for (const v of names) {
          expect(renderText(template, v)).toBe(byReplace(template, v, (x) => x));
          expect(renderHtml(template, v)).toBe(byReplace(template, v, escapeHtml));
        }
  });

  it('names placeholders it does not know', () => {
    expect(unknownPlaceholders('{{firstName}} {{pesel}} {{ email }}')).toEqual(['pesel', 'email']);
    expect(unknownPlaceholders('{{firstName}} {{lastName}}')).toEqual([]);
  });

  it('names the known placeholders a template uses, once each', () => {
    expect(usedPlaceholders('Hi {{ lastName }}', '<p>{{lastName}} {{pesel}}</p>')).toEqual(['lastName']);
    expect(usedPlaceholders('{{lastName}}', '{{firstName}}')).toEqual(['firstName', 'lastName']);
    expect(usedPlaceholders('no names')).toEqual([]);
  });
});

describe('unsubscribeFooter', () => {
  const link = 'https://biuro.example/api/unsubscribe?token=abc_-123&lang=en';

  it('says in Polish why the mail came and links the unsubscribe page, escaped in the HTML part', () => {
    expect(unsubscribeFooter(link, UNSUBSCRIBE_WHAT.marketing)).toEqual({
      html:
        '<hr><p style="font-size:12px;color:#555">Otrzymują Państwo tę wiadomość, ponieważ wyrazili Państwo ' +
        'zgodę na otrzymywanie informacji o ofertach. <a href="https://biuro.example/api/unsubscribe?token=abc_-123&amp;lang=en">Wypisz się</a>.</p>',
      text:
        '\n\n--\nOtrzymują Państwo tę wiadomość, ponieważ wyrazili Państwo zgodę na otrzymywanie informacji o ofertach. ' +
        `Wypisz się: ${link}\n`,
    });
  });

  it('speaks English to an English-speaking client, per purpose', () => {
    const reminders = unsubscribeFooter(link, UNSUBSCRIBE_WHAT.renewal_reminders, 'en');
    expect(reminders.text).toBe(
      `\n\n--\nYou receive this message because you agreed to reminders that an insurance period is ending. Unsubscribe: ${link}\n`,
    );
    expect(reminders.html).toContain('>Unsubscribe</a>');
    expect(unsubscribeFooter(link, UNSUBSCRIBE_WHAT.marketing, 'en').text).toContain(
      'receive news about insurance offers',
    );
    expect(unsubscribeFooter('https://x.example/?token=t', UNSUBSCRIBE_WHAT.marketing, 'pl').html).toContain(
      '<a href="https://x.example/?token=t">Wypisz się</a>',
    );
  });
});
