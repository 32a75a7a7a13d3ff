import { instalmentReminderMail } from './instalment-reminder-mail';

describe('the overdue instalment reminder', () => {
  const mail = instalmentReminderMail({
    insurerName: 'TU <Pewna>',
    policyNumber: 'PL/1',
    number: 2,
    count: 4,
    dueDate: '2026-11-01',
    outstanding: 123_456,
    daysOverdue: 3,
  });

  it('speaks Polish first, formally, with Polish dates, amounts and plurals, English second', () => {
    expect(mail.text.startsWith('Szanowni Państwo,')).toBe(true);
    expect(mail.text).toContain('Rata 2 z 4 za polisę nr PL/1');
    expect(mail.text).toContain('01.11.2026');
    expect(mail.text).toContain('3 dni temu');
    expect(mail.text).toContain('1 234,56 zł');
    expect(mail.text.indexOf('Dear Sir or Madam')).toBeGreaterThan(mail.text.indexOf('Z poważaniem'));
    expect(mail.text).toContain('PLN 1,234.56');
    expect(mail.subject).toMatch(/^Przypomnienie o płatności/);
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
