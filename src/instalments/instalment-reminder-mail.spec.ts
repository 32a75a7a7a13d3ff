import { instalmentReminderMail } from './instalment-reminder-mail';

describe('the overdue instalment reminder', () => {
  const input = {
    insurerName: 'TU <Pewna>',
    policyNumber: 'PL/1',
    number: 2,
    count: 4,
    dueDate: '2026-11-01',
    outstanding: 123_456,
    daysOverdue: 3,
  };
  const mail = instalmentReminderMail(input);

  it('speaks Polish, formally, with Polish dates, amounts and plurals', () => {
    expect(mail.text.startsWith('Szanowni Państwo,')).toBe(true);
    expect(mail.text).toContain('Rata 2 z 4 za polisę nr PL/1');
    expect(mail.text).toContain('01.11.2026');
    expect(mail.text).toContain('3 dni temu');
    expect(mail.text).toContain('1 234,56 zł');
    expect(mail.text).not.toContain('Dear Sir or Madam');
    expect(mail.subject).toMatch(/^Przypomnienie o płatności/);
  });

  it('is all in English for a client whose language is English', () => {
    const en = instalmentReminderMail({ ...input, insurerName: 'TU' }, 'en');
    expect(en.text.startsWith('Dear Sir or Madam,')).toBe(true);
    expect(en.text).toContain('Instalment 2 of 4 for policy no. PL/1');
    expect(en.text).toContain('3 days ago');
    expect(en.text).toContain('PLN 1,234.56');
    expect(en.subject).toBe('Payment reminder: policy no. PL/1');
    expect(en.text).not.toMatch(/Szanowni|Rata/);
  });

  it('escapes what it puts in HTML', () => {
    expect(mail.html).toContain('TU &lt;Pewna&gt;');
    expect(mail.html).not.toContain('<Pewna>');
  });

  it('names a single premium as such', () => {
    const single = instalmentReminderMail({
      insurerName: 'TU',
      policyNumber: 'X',
      number: 1,
      count: 1,
      dueDate: '2026-11-01',
      outstanding: 100,
      daysOverdue: 1,
    });
    expect(single.text).toContain('Składka za polisę nr X');
    expect(single.text).toContain('1 dzień temu');
  });
});
