import { AppConfig } from '@app/common/config/app-config';
import { CONTROLLER } from '@app/privacy';
import { controllerFooter, withFooter } from './controller-footer';

const notice = (language: string) => `https://biuro.example/api/privacy/notice?lang=${language}`;

describe('controllerFooter', () => {
  it('names the controller, the IOD contact and links the notice, in both parts', () => {
    const footer = controllerFooter(notice, ['pl']);
    for (const part of [footer.html, footer.text]) {
      expect(part).toContain('Administratorem danych osobowych jest JPU Sp. z o.o.');
      expect(part).toContain('inspektorem ochrony danych (IOD)');
      expect(part).toContain(CONTROLLER.email);
    }
    expect(footer.html).toContain('<a href="https://biuro.example/api/privacy/notice?lang=pl">');
    expect(footer.text).toContain('https://biuro.example/api/privacy/notice?lang=pl');
    expect(footer.text).not.toContain('controller of your personal data');
  });

  it('is in English for English mail, linking the English notice', () => {
    const footer = controllerFooter(notice, ['en']);
    expect(footer.text).toContain('The controller of your personal data is JPU Sp. z o.o.');
    expect(footer.html).toContain('notice?lang=en');
    expect(footer.text).not.toContain('Administratorem');
  });

  it('is appended after the body of both parts', () => {
    const mail = withFooter(
      { subject: 's', html: '<p>Treść</p>', text: 'Treść' },
      controllerFooter(notice, ['pl']),
    );
    expect(mail.html.startsWith('<p>Treść</p>')).toBe(true);
    expect(mail.text).toMatch(/^Treść\n\nAdministratorem/);
    expect(mail.subject).toBe('s');
  });

  it('leaves one line break between the text and the footer, however many the text ended with', () => {
    const footer = { html: '', text: '[stopka]' };
    for (const [text, expected] of [
      ['Treść', 'Treść\n[stopka]'],
      ['Treść\n', 'Treść\n[stopka]'],
      ['Treść\n\n\n', 'Treść\n[stopka]'],
      ['A\n\nB\n', 'A\n\nB\n[stopka]'],
      ['\n\n', '\n[stopka]'],
      ['', '\n[stopka]'],
    ])
      expect(withFooter({ html: '', text }, footer).text).toBe(expected);
  });
});

describe('MAIL_FROM', () => {
  it('is by default the broker named in the notice, not the software', () => {
    const from = new AppConfig().MAIL_FROM;
    expect(from).toContain(CONTROLLER.name);
    expect(from).not.toMatch(/consentry/i);
  });
});
