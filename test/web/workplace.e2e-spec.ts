import { cpus, loadavg } from 'node:os';
import { Browser, Page } from 'playwright-core';
import { makePesel } from '@app/common/validation/pesel';
import { createClient, grantConsent } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { ensureWebBuild } from '../support/web-build';
import { launchChromium, openPage, seriousViolations, serveApp, expectValue } from './support';

const NOT_VISIBLE = 'niewidoczne w tym celu';
/** The page's storages (the tests compile without DOM types). */
interface BrowserStorage {
  sessionStorage: object;
  localStorage: object;
}
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * The staff workplace in headless Chromium, in Polish, as a broker: sign in, choose the purpose,
 * search, open a card, add a client with a consent, switch to a purpose that sees less. Every
 * screen is checked with axe-core (no serious or critical violation) and photographed into
 * test/artifacts; the page may reach nothing but the app itself, and no script error or CSP
 * violation may appear.
 */
describe('staff workplace in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let knownId: string;
  const problems: string[] = [];
  const foreign: string[] = [];
  const newPesel = makePesel('1990-07-15', 4321);

  async function check(name: string): Promise<void> {
    const serious = await seriousViolations(page, `workplace-${name}`);
    expect({ screen: name, serious }).toEqual({ screen: name, serious: [] });
  }

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp();
    // A known client with a policy-less history, and enough others for a full page of fifty.
    knownId = (
      await createClient(t, {
        firstName: 'Agnieszka',
        lastName: 'Wiśniewska',
        email: 'agnieszka.wisniewska@example.com',
      })
    ).id;
    await grantConsent(t, knownId, 'client_contact', 'email');
    for (let i = 0; i < 55; i++) await createClient(t);
    base = await serveApp(t);
    browser = await launchChromium();
    ({ page } = await openPage(browser, base, problems, foreign));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves the app at / and at deep links, under the same-origin script policy', async () => {
    const root = await t.http.get('/');
    expect(root.status).toBe(200);
    expect(root.headers['cache-control']).toBe('no-store');
    expect(root.headers['content-security-policy']).toContain("script-src 'self'");
    expect(root.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const deep = await t.http.get(`/klienci/${knownId}`);
    expect(deep.status).toBe(200);
    expect(deep.text).toBe(root.text);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(root.text)![1];
    const script = await t.http.get(asset);
    expect(script.status).toBe(200);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The API, its documents and the other pages keep their own answers.
    const unknownApi = await t.http.get('/api/no-such-thing');
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers['content-type']).toMatch(/json/);
    // The managers' old separate console is gone: its address is one more deep link of the app.
    expect((await t.http.get('/console')).text).toBe(root.text);
    expect((await t.http.get('/docs/openapi.json')).status).toBe(200);
    expect((await t.http.get('/api/unsubscribe?token=x')).headers['content-type']).toMatch(/html/);
    expect((await t.http.get('/assets/missing.js')).status).toBe(404);
  });

  it('signs in and asks for the purpose, with Polish descriptions and legal bases', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/logowanie$/);
    await page.getByRole('heading', { name: 'Logowanie' }).waitFor();
    await check('1-logowanie');

    await page.getByLabel('E-mail służbowy').fill(t.staff.broker.email);
    await page.getByLabel('Hasło').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Zaloguj' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nieprawidłowy e-mail lub hasło.' }).waitFor();

    await page.getByLabel('Hasło').fill('test-password-123');
    await page.getByRole('button', { name: 'Zaloguj' }).click();
    await page.waitForURL(/\/cel$/);
    await page.getByRole('heading', { name: 'W jakim celu pracujesz?' }).waitFor();
    const card = page.locator('[data-purpose="offer_preparation"]');
    await card.getByText('Wyszukiwanie, przedstawianie i porównywanie ofert').waitFor();
    await expect(card.textContent()).resolves.toContain('art. 6 ust. 1 lit. b RODO');
    // Only the broker's purposes.
    await expect(page.locator('[data-purpose="security_audit"]').count()).resolves.toBe(0);
    // The access token never reaches storage; the refresh token stays in this tab's session storage.
    const stored = await page.evaluate(() => {
      const w = globalThis as unknown as BrowserStorage;
      return { session: Object.keys(w.sessionStorage), local: Object.keys(w.localStorage) };
    });
    expect(stored.session).toContain('consentry.refreshToken');
    expect(stored.local.join()).not.toMatch(/token/i);
    await check('2-cel');
  });

  it('lists fifty clients within 1.5 s of choosing the purpose, and finds one by name', async () => {
    // Choosing the purpose opens the list; changing the purpose clears every cached record, so
    // each round loads the list afresh. The best of three rounds is held to the bound (the
    // machine runs other test files at the same time); every round is reported.
    const rounds: string[] = [];
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      if (round > 0) {
        await page.getByRole('button', { name: 'Zmień cel' }).click();
        await page.getByRole('button', { name: 'Pracuj w tym celu: przygotowanie oferty' }).waitFor();
      }
      const started = Date.now();
      await page.getByRole('button', { name: 'Pracuj w tym celu: przygotowanie oferty' }).click();
      await page.getByTestId('clients-table').waitFor();
      const shell = Date.now() - started;
      await page.locator('[data-testid="clients-table"] tbody tr').nth(49).waitFor();
      const elapsed = Date.now() - started;
      best = Math.min(best, elapsed);
      rounds.push(`${elapsed} ms (empty table after ${shell} ms)`);
    }
    const api = await page.evaluate(() =>
      (
        globalThis as unknown as {
          performance: { getEntriesByType(t: string): Array<{ name: string; duration: number }> };
        }
      ).performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/clients?'))
        .map((e) => Math.round(e.duration)),
    );
    process.stdout.write(
      `workplace: a list of 50 clients usable after navigation in ${rounds.join('; ')}; GET /api/clients took ${api.join(', ')} ms; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores\n`,
    );
    expect(best).toBeLessThanOrEqual(1500);
    await expect(page.getByTestId('purpose-banner').textContent()).resolves.toContain(
      'Pracujesz w celu: przygotowanie oferty',
    );
    await check('3-klienci');

    await page.getByRole('button', { name: 'Następna strona' }).click();
    await page.getByText('Strona 2').waitFor();
    await page.getByRole('button', { name: 'Poprzednia strona' }).click();
    await page.getByText('Strona 1').waitFor();

    // Without the Polish letters and in any case: the list is searched in PostgreSQL.
    await page.getByLabel('Szukaj klienta').fill('WISNIEWSKA');
    await page.getByRole('button', { name: 'Szukaj', exact: true }).click();
    await page.getByRole('link', { name: 'Agnieszka Wiśniewska' }).waitFor();
    await expect(page.locator('[data-testid="clients-table"] tbody tr').count()).resolves.toBe(1);
    // The search text never goes into the address bar.
    expect(decodeURIComponent(page.url())).not.toMatch(/wiśniewska/i);
    await check('4-wyszukiwanie');

    await page.getByRole('link', { name: 'Agnieszka Wiśniewska' }).click();
    await page.waitForURL(new RegExp(`/klienci/${knownId}$`));
    await page.getByTestId('client-data').getByText('agnieszka.wisniewska@example.com').waitFor();
    await expect(page.getByTestId('client-data').textContent()).resolves.not.toContain(NOT_VISIBLE);
    await check('5-karta-dane');
    await page.getByRole('tab', { name: 'Zgody' }).click();
    await page.getByTestId('consents-active').getByText('kontakt z klientem').waitFor();
    await check('6-karta-zgody');
    await page.getByRole('tab', { name: 'Polisy' }).click();
    await page.getByText('Brak polis.').waitFor();
    // The broker's purposes may not list data-subject requests: the card has no such tab.
    await expect(page.getByRole('tab').count()).resolves.toBeGreaterThan(0);
    await expect(page.getByRole('tab', { name: 'Wnioski RODO' }).count()).resolves.toBe(0);
  });

  it('adds a client with consents given at the meeting; PESEL fills the date of birth', async () => {
    await page.getByRole('link', { name: 'Nowy klient' }).first().click();
    await page.waitForURL(/\/klienci\/nowy$/);
    await page.getByRole('heading', { name: 'Nowy klient' }).waitFor();
    await page.getByLabel(/^Imię/).fill('Łucja');
    await page.getByLabel(/^Nazwisko/).fill('Żółkiewska');
    await page.getByLabel('PESEL', { exact: true }).fill(newPesel);
    await expectValue(page.getByLabel('Data urodzenia', { exact: true }), '15.07.1990');
    await page.getByLabel('E-mail', { exact: true }).fill('Lucja.Zolkiewska@Example.com');
    await page.getByLabel('Telefon', { exact: true }).fill('600 100 200');
    await page.getByLabel('Ulica i numer', { exact: true }).fill('ul. Długa 5');
    await page.getByLabel('Kod pocztowy', { exact: true }).fill('00001');
    await page.getByLabel('Miejscowość', { exact: true }).fill('Gdańsk');
    await page.getByLabel('Zgoda: kontakt z klientem, kanał e-mail').check();
    await page
      .getByLabel('Dowód (np. numer formularza) (Zgoda: kontakt z klientem, kanał e-mail)')
      .fill('formularz 2026/12/001');
    await page.getByLabel('Zgoda: marketing, kanał telefon').check();
    await check('8-nowy-klient');
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await page.waitForURL(/\/klienci\/[0-9a-f-]{36}$/);
    expect(page.url()).toMatch(UUID);
    const data = page.getByTestId('client-data');
    await data.getByText('lucja.zolkiewska@example.com').waitFor();
    const text = await data.textContent();
    expect(text).toContain(newPesel);
    expect(text).toContain('15.07.1990');
    expect(text).toContain('+48 600 100 200');
    expect(text).toContain('00-001 Gdańsk');
    await page.getByRole('tab', { name: 'Zgody' }).click();
    const active = page.getByTestId('consents-active');
    await active.getByText('formularz 2026/12/001').waitFor();
    await expect(active.locator('tbody tr').count()).resolves.toBe(2);
    // Each purpose and channel with its history: the grant, with its evidence.
    const contactHistory = page.getByTestId('consent-history-client_contact-email');
    await expect(contactHistory.locator('tbody tr').count()).resolves.toBe(1);
    await expect(contactHistory.textContent()).resolves.toContain('formularz 2026/12/001');
    await check('9-nowy-klient-zgody');

    // The client withdraws the marketing consent by phone: it leaves the consents in force and its
    // history shows the withdrawal after the grant.
    await page.getByRole('button', { name: 'Wycofaj zgodę: marketing · telefon' }).click();
    const dialog = page.getByRole('dialog', { name: 'Wycofać zgodę?' });
    await dialog.getByText('Zgoda „marketing · telefon” przestanie obowiązywać od razu.').waitFor();
    await dialog.getByRole('button', { name: 'Tak, wycofaj zgodę' }).click();
    await dialog.waitFor({ state: 'detached' });
    const marketingHistory = page.getByTestId('consent-history-marketing-phone');
    await marketingHistory.getByText('wycofana', { exact: true }).waitFor();
    const rows = marketingHistory.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).textContent()).resolves.toContain('udzielona');
    await expect(rows.nth(1).textContent()).resolves.toContain('rozmowa telefoniczna');
    await expect(marketingHistory.textContent()).resolves.toContain('nie obowiązuje');
    await expect(active.locator('tbody tr').count()).resolves.toBe(1);
    await check('9a-zgody-wycofanie');
  });

  it('switching the purpose is explicit, clears records, and shows what it hides as such', async () => {
    const cardUrl = page.url();
    await page.getByRole('button', { name: 'Zmień cel' }).click();
    await page.waitForURL(/\/cel$/);
    await page.getByRole('button', { name: 'Pracuj w tym celu: kontakt z klientem' }).click();
    await page.getByTestId('purpose-banner').getByText('Pracujesz w celu: kontakt z klientem').waitFor();
    // The menu follows the purpose: client_contact reads clients but writes none.
    await expect(
      page.getByRole('navigation').getByRole('link', { name: 'Nowy klient' }).count(),
    ).resolves.toBe(0);
    await page.goto(cardUrl);
    const data = page.getByTestId('client-data');
    await data.getByText('lucja.zolkiewska@example.com').waitFor();
    const text = (await data.textContent()) ?? '';
    expect(text).not.toContain(newPesel);
    // PESEL, date of birth, phone (no consent on that channel) and address are each labelled.
    expect(text.split(NOT_VISIBLE).length - 1).toBe(4);
    await check('10-karta-inny-cel');

    await page.getByRole('link', { name: 'Klienci' }).first().click();
    await page.locator('[data-testid="clients-table"] tbody tr').first().waitFor();
    // Only clients with a client_contact consent: the two created with one.
    await expect(page.locator('[data-testid="clients-table"] tbody tr').count()).resolves.toBe(2);
    await expect(
      page.locator('[data-testid="clients-table"] tbody tr').first().textContent(),
    ).resolves.toContain(NOT_VISIBLE);
    await check('11-klienci-inny-cel');
  });

  it('switches to English and back, and signs out clearing the session', async () => {
    await page.getByText('English', { exact: true }).click();
    await page.getByTestId('purpose-banner').getByText('Working for: client contact').waitFor();
    await page.getByText('not visible under this purpose').first().waitFor();
    await check('12-english');
    await page.getByText('Polski', { exact: true }).click();
    await page.getByTestId('purpose-banner').getByText('Pracujesz w celu: kontakt z klientem').waitFor();

    await page.getByRole('button', { name: 'Wyloguj' }).click();
    await page.waitForURL(/\/logowanie$/);
    const stored = await page.evaluate(() =>
      Object.keys((globalThis as unknown as BrowserStorage).sessionStorage),
    );
    expect(stored).toEqual([]);
    // A deep link without a session leads to sign-in.
    await page.goto(`${base}/klienci/${knownId}`);
    await page.waitForURL(/\/logowanie$/);
  });

  it("shows the person's requests on the card to the data protection officer", async () => {
    const registered = await t.http
      .post('/api/data-subject-requests')
      .set(t.as('dpo', 'data_subject_rights'))
      .send({ clientId: knownId, type: 'access', notes: 'Wniosek złożony mailem' });
    expect(registered.status).toBe(201);
    await page.getByLabel('E-mail służbowy').fill(t.staff.dpo.email);
    await page.getByLabel('Hasło').fill('test-password-123');
    await page.getByRole('button', { name: 'Zaloguj' }).click();
    await page.waitForURL(/\/cel$/);
    await page.getByRole('button', { name: 'Pracuj w tym celu: realizacja praw osób' }).click();
    await page.getByTestId('purpose-banner').getByText('Pracujesz w celu: realizacja praw osób').waitFor();
    await page.goto(`${base}/klienci/${knownId}`);
    await page.getByTestId('client-data').getByText('agnieszka.wisniewska@example.com').waitFor();
    await page.getByRole('tab', { name: 'Wnioski RODO' }).click();
    await page.getByText('Stan ochrony danych:').waitFor();
    const requests = page.getByTestId('client-requests');
    await requests.getByText('dostęp').waitFor();
    await expect(requests.locator('tbody tr').count()).resolves.toBe(1);
    await check('7-karta-wnioski');
    await page.getByRole('button', { name: 'Wyloguj' }).click();
    await page.waitForURL(/\/logowanie$/);
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
