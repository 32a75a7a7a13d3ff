import { reminderMail } from './reminder-mail';

describe('reminderMail', () => {
  const base = {
    line: 'motor' as const,
    insurerName: 'TU <Alfa>',
    policyNumber: 'PL/1',
    endDate: '2027-01-05',
  };

  it('counts the days left in the Polish plural form and writes dates dd.mm.rrrr', () => {
    expect(reminderMail({ ...base, daysLeft: 1 }).text).toContain('kończy się 05.01.2027, za 1 dzień.');
    expect(reminderMail({ ...base, daysLeft: 3 }).text).toContain('za 3 dni.');
    expect(reminderMail({ ...base, daysLeft: 5 }).text).toContain('za 5 dni.');
    expect(reminderMail({ ...base, daysLeft: 7 }).subject).toBe('Polisa nr PL/1 kończy się 05.01.2027');
    expect(reminderMail({ ...base, daysLeft: 7 }).text).not.toContain('Dear');
  });

  it('is all in English for a client whose language is English', () => {
    const mail = reminderMail({ ...base, daysLeft: 1 }, 'en');
    expect(mail.text).toContain('in 1 day.');
    expect(reminderMail({ ...base, daysLeft: 7 }, 'en').text).toContain('in 7 days.');
    expect(mail.text.startsWith('Dear Sir or Madam,')).toBe(true);
    expect(mail.subject).toBe('Your policy no. PL/1 ends on 05/01/2027');
    expect(mail.text).not.toMatch(/Szanowni|kończy/);
  });

  it('greets formally without a name and escapes what it puts into HTML', () => {
    const mail = reminderMail({ ...base, daysLeft: 30 });
    expect(mail.text.startsWith('Szanowni Państwo,')).toBe(true);
    expect(mail.html).toContain('TU &lt;Alfa&gt;');
    expect(mail.html).not.toContain('<Alfa>');
    expect(mail.text).toContain('ubezpieczenie komunikacyjne');
  });
});
