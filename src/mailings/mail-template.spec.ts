import {
  renderHtml,
  renderSubject,
  renderText,
  unknownPlaceholders,
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
