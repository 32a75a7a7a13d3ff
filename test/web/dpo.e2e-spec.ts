import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { createClient } from '../support/fixtures';
import { pdfText } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';
import { ensureWebBuild } from '../support/web-build';
import { chooseOption, openWorkplace, seriousViolations } from './support';

/**
 * The data protection officer in Polish: from a new access request to a completed one (identity,
 * the report previewed and downloaded as a PDF with Polish text, the one extension, the delivery),
 * the inbox with its deadlines and filters, and an erasure refused for a live contract shown with
 * its grounds. Every screen is checked with axe-core and photographed into test/artifacts.
 */
describe('the DPO in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let problems: string[];
  let foreign: string[];
  let erasureId: string;
  let heldId: string;

  const dpo = () => t.as('dpo', 'data_subject_rights');

  async function check(name: string): Promise<void> {
    const serious = await seriousViolations(page, `dpo-${name}`);
    expect({ screen: name, serious }).toEqual({ screen: name, serious: [] });
  }

  /** A client with a policy in force: concluded from a quote, ending in a month. */
  async function clientWithLivePolicy(): Promise<string> {
    const [{ start, end }] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} - 335, 'YYYY-MM-DD') AS start,
              to_char(${t.app.get(BrokerClock).todaySql} + 30, 'YYYY-MM-DD') AS end`,
    );
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Gamma TU S.A.', nip: makeNip(526_000_411), dsrContactEmail: 'iod@gamma.example' });
    expect(insurer.status).toBe(201);
    const client = await createClient(t, { firstName: 'Jan', lastName: 'Żółkowski' });
    const broker = t.as('broker', 'offer_preparation');
    const request = await t.http
      .post('/api/offer-requests')
      .set(broker)
      .send({ clientId: client.id, lineOfBusiness: 'home', needs: { requiredCoverages: ['fire'] } });
    const money = (amount: number) => ({ amount, currency: 'PLN' });
    const quote = await t.http
      .post(`/api/offer-requests/${request.body.id}/quotes`)
      .set(broker)
      .send({
        insurerId: insurer.body.id,
        productName: 'Dom',
        premium: money(60_000),
        sumInsured: money(50_000_000),
        deductible: money(0),
        coverages: [{ code: 'fire', limit: money(50_000_000) }],
        validUntil: end,
      });
    const contract = await t.http
      .post(`/api/offer-requests/${request.body.id}/conclude`)
      .set(t.as('broker', 'contract_performance'))
      .send({
        quoteId: quote.body.id,
        policyNumber: 'PL-DOM-2026-004711',
        startDate: start,
        endDate: end,
        recommendation: 'Pełny zakres ogniowy.',
      });
    expect(contract.status).toBe(201);
    return client.id;
  }

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp();
    ({ id: heldId } = await createClient(t, { firstName: 'Małgorzata', lastName: 'Wiśniewska' }));
    const kept = await clientWithLivePolicy();
    const erasure = await t.http
      .post('/api/data-subject-requests')
      .set(dpo())
      .send({ clientId: kept, type: 'erasure' });
    expect(erasure.status).toBe(201);
    erasureId = erasure.body.id;
    // Received two months ago and never answered: overdue.
    const late = await createClient(t, { firstName: 'Piotr', lastName: 'Spóźniony' });
    const [{ received }] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} - 62, 'YYYY-MM-DD') AS received`,
    );
    const overdue = await t.http
      .post('/api/data-subject-requests')
      .set(dpo())
      .send({ clientId: late.id, type: 'restriction', receivedAt: received });
    expect(overdue.status).toBe(201);
    ({ browser, page, base, problems, foreign } = await openWorkplace(t));
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the inbox: due dates with the days left in Polish, overdue in red, filters by type', async () => {
    await page.goto(`${base}/logowanie`);
    await page.getByLabel('E-mail służbowy').fill(t.staff.dpo.email);
    await page.getByLabel('Hasło').fill('test-password-123');
    await page.getByRole('button', { name: 'Zaloguj' }).click();
    await page.waitForURL(/\/cel$/);
    await page.getByRole('button', { name: 'Pracuj w tym celu: realizacja praw osób' }).click();
    await page.waitForURL(/\/wnioski$/);
    const inbox = page.getByTestId('dsr-inbox');
    await inbox.getByText('Żółkowski').waitFor();
    const late = inbox.getByRole('row').filter({ hasText: 'Spóźniony' });
    const overdue = late.getByText(/^po terminie \(\d+ dni\)$/);
    await overdue.waitFor();
    const color = await overdue.evaluate(
      (e) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(e)
          .color,
    );
    expect(color).toBe('rgb(201, 42, 42)');
    await expect(inbox.getByRole('row').filter({ hasText: 'Żółkowski' }).textContent()).resolves.toMatch(
      /pozostało \d+ dni/,
    );
    await check('inbox');

    await page.getByRole('combobox', { name: 'Rodzaj' }).click();
    await page.getByRole('option', { name: 'usunięcie' }).click();
    await late.waitFor({ state: 'detached' });
    expect(await inbox.getByRole('row').count()).toBe(2);
    await page.getByRole('combobox', { name: 'Rodzaj' }).click();
    await page.getByRole('option', { name: 'usunięcie' }).click();
    await late.waitFor();
  });

  it('takes a new access request to completion, with the report previewed and the PDF downloaded', async () => {
    await page.getByRole('link', { name: 'Nowy wniosek' }).click();
    await page.getByLabel('Znajdź osobę').fill('Wiśniewska');
    await page.getByRole('button', { name: 'Szukaj' }).click();
    await page.getByRole('radio', { name: /Małgorzata Wiśniewska/ }).check();
    await check('new-request');
    await page.getByRole('button', { name: 'Zarejestruj wniosek' }).click();
    await page.waitForURL(/\/wnioski\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Wniosek: dostęp' }).waitFor();
    await page.getByText(/pozostało \d+ dni/).waitFor();

    // Nothing is disclosed before the identity is confirmed.
    await page.getByText('Informację o danych można przygotować po potwierdzeniu tożsamości.').waitFor();
    await page.getByRole('button', { name: 'Potwierdź tożsamość' }).click();
    await page.getByText(/potwierdzona: dowód osobisty okazany w biurze/).waitFor();

    await page.getByRole('button', { name: 'Pokaż podgląd' }).click();
    const preview = page.getByTestId('report-preview');
    await preview.getByText('Informacja o przetwarzanych danych osobowych (art. 15 RODO)').waitFor();
    await preview.getByRole('cell', { name: 'Wiśniewska' }).waitFor();
    await preview
      .getByText(/art\. 6 ust\. 1 lit\. b RODO/)
      .first()
      .waitFor();
    expect(await preview.textContent()).not.toContain('GDPR');
    await check('request-report');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Pobierz PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^informacja-art-15-[0-9a-f]{8}\.pdf$/);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Informacja o przetwarzanych danych osobowych (art. 15 RODO)');
    expect(text).toContain('Małgorzata');
    expect(text).toContain('Wiśniewska');
    expect(text).toContain('art. 6 ust. 1 lit. b RODO');
    expect(text).toContain('Prezes Urzędu Ochrony Danych Osobowych');

    // The one extension, with its reason; afterwards it is no longer offered.
    await page.getByLabel('Przyczyna przedłużenia').fill('Wiele wniosków w tym samym czasie.');
    await page.getByRole('button', { name: 'Przedłuż termin' }).click();
    await page
      .getByTestId('dsr-extension')
      .getByText(/Wiele wniosków w tym samym czasie\./)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Przedłuż termin' }).count()).toBe(0);

    await chooseOption(page, 'Sposób doręczenia', 'list');
    await page.getByRole('button', { name: 'Zakończ wniosek' }).click();
    await page.getByTestId('dsr-status').getByText('zakończony').waitFor();
    await page.getByText(/Odpowiedź doręczono: list, \d{2}\.\d{2}\.\d{4}/).waitFor();
    await page.getByText('Informację o danych przekazano osobie.').waitFor();
    await check('request-done');
  });

  it('shows an erasure refused for a live contract with its grounds', async () => {
    await page.goto(`${base}/wnioski/${erasureId}`);
    await page.getByRole('heading', { name: 'Wniosek: usunięcie' }).waitFor();
    await page.getByRole('button', { name: 'Potwierdź tożsamość' }).click();
    await page.getByRole('button', { name: 'Wykonaj' }).click();
    const outcome = page.getByTestId('dsr-outcome');
    await outcome.getByText('Odmowa usunięcia danych (art. 17 ust. 3 RODO)').waitFor();
    const grounds = outcome.getByTestId('erasure-grounds');
    const contract = grounds.getByRole('row').filter({ hasText: 'wykonanie umowy' });
    await contract.getByText('art. 6 ust. 1 lit. b RODO').waitFor();
    expect(await contract.textContent()).toMatch(/\d{2}\.\d{2}\.\d{4}/);
    await grounds
      .getByRole('row')
      .filter({ hasText: 'obowiązek prawny' })
      .getByText('art. 6 ust. 1 lit. c RODO')
      .waitFor();
    await outcome.getByText(/Dane zostaną usunięte po \d{2}\.\d{2}\.\d{4}\./).waitFor();
    await page.getByTestId('dsr-status').getByText('zakończony').waitFor();
    await check('erasure-refused');
  });

  it('the retention dry run, legal holds, the art. 30 record and the notice', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Przegląd retencji' }).click();
    await page.getByRole('button', { name: 'Sprawdź' }).click();
    const report = page.getByTestId('retention-report');
    await report
      .getByRole('row')
      .filter({ hasText: 'Żółkowski' })
      .getByText(/umowa: /)
      .waitFor();
    await check('retention');

    const hold = await t.http
      .post(`/api/clients/${heldId}/legal-holds`)
      .set(t.as('dpo', 'claims'))
      .send({ reason: 'Szkoda 2026/118: spór o wypłatę' });
    expect(hold.status).toBe(201);
    await page.getByRole('navigation').getByRole('link', { name: 'Zatrzymania prawne' }).click();
    await page.getByTestId('purpose-needed').waitFor();
    // The holds in force across the office, each row naming its person; "Pokaż" opens theirs below.
    const inForce = page
      .getByTestId('legal-holds-active')
      .getByRole('row')
      .filter({ hasText: 'Szkoda 2026/118' });
    await inForce.getByText(/Wiśniewska/).waitFor();
    await check('legal-holds');
    await inForce.getByRole('button', { name: 'Pokaż' }).click();
    await page.getByTestId('legal-holds').getByText('obowiązuje').waitFor();
    await check('legal-holds-person');

    await page.getByRole('navigation').getByRole('link', { name: 'Rejestr czynności (art. 30)' }).click();
    await page.getByTestId('processing-record').getByText('art. 6 ust. 1 lit. b RODO').first().waitFor();
    await check('processing-record');

    await page.getByRole('navigation').getByRole('link', { name: 'Klauzula informacyjna (art. 13)' }).click();
    await page
      .getByTestId('notice')
      .getByText(/art\. 6 ust\. 1 lit\. a RODO/)
      .first()
      .waitFor();
    await check('notice');
    await page.getByTestId('document-language').getByText('angielski', { exact: true }).click();
    await page
      .getByRole('heading', { name: 'Information on the processing of personal data (art. 13 GDPR)' })
      .waitFor();

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
