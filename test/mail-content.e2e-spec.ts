import { INestApplicationContext } from '@nestjs/common';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { CONTROLLER } from '@app/privacy';
import { addDays } from '../src/reminders/reminder-dates';
import { concludeContract, createClient, grantConsent } from './support/fixtures';
import { clearRedisPrefix, startWorker, waitFor } from './support/messaging';
import { SmtpSink, SunkMail, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

/** The text/plain and text/html parts of a sunk multipart message. */
function parts(mail: SunkMail): { text: string; html: string } {
  const boundary = /boundary="?([^";\s]+)"?/i.exec(mail.headers.get('content-type') ?? '')?.[1];
  if (!boundary) throw new Error('not a multipart mail');
  const found = { text: '', html: '' };
  for (const section of mail.body.split(`--${boundary}`)) {
    const split = section.indexOf('\r\n\r\n');
    const head = section.slice(0, split).toLowerCase();
    const content = section.slice(split + 4);
    if (head.includes('content-type: text/plain')) found.text = content;
    if (head.includes('content-type: text/html')) found.html = content;
  }
  return found;
}

/**
 * What a person reads, taken from real mail in an SMTP sink: Polish plural forms in the expiry
 * reminder, the controller's footer in both parts, and a text part made cleanly from the HTML.
 */
describe('mail content read from the SMTP sink', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let worker: INestApplicationContext | null = null;
  let today: string;
  let insurerId: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({
      SMTP_URL: sink.url,
      PUBLIC_BASE_URL: 'https://crm.example.test',
      REMINDER_LEAD_DAYS: '5,3,1',
      REMINDER_LEAD_DAYS_BY_LINE: '',
    });
    today = t.app.get(BrokerClock).today();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Treść TU', nip: makeNip(531_000_300), dsrContactEmail: 'iod@tresc.example' });
    expect(insurer.status).toBe(201);
    insurerId = insurer.body.id;
    worker = await startWorker(t.config);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await sink?.close();
    if (t) await clearRedisPrefix(t.config);
  });

  async function contract(clientId: string, endInDays: number, policyNumber: string): Promise<void> {
    await concludeContract(t, { clientId, insurerId, policyNumber, endInDays });
  }

  function expectFooter(mail: SunkMail) {
    const { text, html } = parts(mail);
    for (const part of [text, html]) {
      expect(part).toContain(`Administratorem danych osobowych jest ${CONTROLLER.name}`);
      expect(part).toContain(`inspektorem ochrony danych (IOD)`);
      expect(part).toContain(CONTROLLER.email);
      expect(part).toContain('https://crm.example.test/api/privacy/notice?lang=pl');
    }
    expect(html).toContain('<a href="https://crm.example.test/api/privacy/notice?lang=pl">');
    expect(mail.headers.get('from')).toContain(CONTROLLER.name);
  }

  it('says "za 1 dzień", "za 3 dni", "za 5 dni" in the reminders, each with the footer in both parts', async () => {
    const client = await createClient(t);
    await grantConsent(t, client.id, 'renewal_reminders', 'email');
    for (const n of [1, 3, 5]) await contract(client.id, n, `PLURAL/${n}`);
    expect((await t.http.post('/api/reminders/run').set(t.as('admin')).send({ date: today })).status).toBe(
      200,
    );
    const mine = () =>
      sink.to(client.body.email as string).filter((m) => /PLURAL/.test(m.headers.get('subject') ?? ''));
    await waitFor('the three reminders', async () => mine().length === 3);
    const byPolicy = (n: number) => mine().find((m) => m.headers.get('subject')!.includes(`PLURAL/${n}`))!;
    expect(parts(byPolicy(1)).text).toContain('za 1 dzień.');
    expect(parts(byPolicy(3)).text).toContain('za 3 dni.');
    expect(parts(byPolicy(5)).text).toContain('za 5 dni.');
    expect(parts(byPolicy(5)).html).toContain('za 5 dni.');
    for (const n of [1, 3, 5]) expectFooter(byPolicy(n));
  });

  it('makes the campaign text part from sanitised HTML: no CSS or script, entities decoded', async () => {
    const client = await createClient(t, { firstName: 'Józef' });
    await grantConsent(t, client.id, 'marketing', 'email');
    const created = await t.http
      .post('/api/campaigns')
      .set(t.as('marketing', 'marketing'))
      .send({
        name: 'Żółta jesień',
        channel: 'email',
        subject: 'Oferta dla {{firstName}}',
        body:
          '<style>p { color: #c00; font-family: Arial; }</style><h2>Jesienna oferta</h2>' +
          '<p onclick="track()">Dzie&#324; dobry {{firstName}}, mamy &#380;&oacute;&#322;t&#261; ofert&#281; &amp; rabat.</p>' +
          '<script>document.title = "x"</script><p><a href="https://jpu24.pl/oferta">Szczegóły</a></p>',
      });
    expect(created.status).toBe(201);
    expect(
      (await t.http.post(`/api/campaigns/${created.body.id}/launch`).set(t.as('marketing', 'marketing')))
        .status,
    ).toBe(202);
    await waitFor('the campaign mail', async () => sink.to(client.body.email as string).length === 1);
    const [mail] = sink.to(client.body.email as string);
    const { text, html } = parts(mail);
    expect(text).toContain('Jesienna oferta');
    expect(text).toContain('Dzień dobry Józef, mamy żółtą ofertę & rabat.');
    expect(text).toContain('Szczegóły (https://jpu24.pl/oferta)');
    for (const leak of ['color', 'font-family', '{', 'document.title', '&#', '&amp;', '<'])
      expect(text).not.toContain(leak);
    for (const gone of ['<style', '<script', 'onclick', 'track()']) expect(html).not.toContain(gone);
    expect(html).toContain('<h2>Jesienna oferta</h2>');
    expectFooter(mail);
  });

  it('writes to a client whose language is English in English: reminder, footer, unsubscribe page', async () => {
    const client = await createClient(t, { language: 'en' });
    const read = await t.http.get(`/api/clients/${client.id}`).set(t.as('broker', 'offer_preparation'));
    expect(read.body.language).toBe('en');
    expect(
      (
        await t.http
          .patch(`/api/clients/${client.id}`)
          .set(t.as('broker', 'offer_preparation'))
          .send({ language: 'de' })
      ).status,
    ).toBe(400);
    await grantConsent(t, client.id, 'renewal_reminders', 'email');
    await contract(client.id, 3, 'ENGLISH/3');
    expect((await t.http.post('/api/reminders/run').set(t.as('admin')).send({ date: today })).status).toBe(
      200,
    );
    await waitFor('the English reminder', async () => sink.to(client.body.email as string).length === 1);
    const [mail] = sink.to(client.body.email as string);
    const { text, html } = parts(mail);
    expect(mail.headers.get('subject')).toBe(
      `Your policy no. ENGLISH/3 ends on ${addDays(today, 3).split('-').reverse().join('/')}`,
    );
    expect(text).toContain('Dear Sir or Madam,');
    expect(text).toContain('in 3 days.');
    for (const part of [text, html]) {
      expect(part).toContain(`The controller of your personal data is ${CONTROLLER.name}`);
      expect(part).toContain('notice?lang=en');
      expect(part).toContain('Unsubscribe');
      expect(part).not.toMatch(/Szanowni|Administratorem|Wypisz/);
    }
    const link = new URL(mail.headers.get('list-unsubscribe')!.slice(1, -1));
    expect(link.searchParams.get('lang')).toBe('en');
    const page = await t.http.get(`${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain(
      'Do you want to withdraw your consent to reminders that an insurance period is ending by e-mail?',
    );
    expect(page.text).not.toContain('Wypisz');
    const done = await t.http
      .post(`${link.pathname}${link.search}`)
      .type('form')
      .send('List-Unsubscribe=One-Click');
    expect(done.text).toContain(
      'Your consent to reminders that an insurance period is ending by e-mail is withdrawn.',
    );
    // A Polish client's link carries no language and opens in Polish.
    const polish = await t.http.get(`${link.pathname}?token=${link.searchParams.get('token')}`);
    expect(polish.text).toContain('<html lang="pl">');
    expect(polish.text).toContain('Czy chcą Państwo wycofać zgodę');
  });
});
