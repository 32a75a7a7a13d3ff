import { Browser, Page } from 'playwright-core';
import { makeNip } from '@app/common/validation/nip';
import { makePesel } from '@app/common/validation/pesel';
import { createClient } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { ensureWebBuild } from '../support/web-build';
import { openWorkplace, pickOptionByLabel, seriousViolations, waitForOrExplain } from './support';

/** A calendar day `days` from today in Warsaw, as YYYY-MM-DD. */
function day(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** dd.mm.rrrr of a YYYY-MM-DD day. */
function pl(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

/**
 * A broker in Polish, from a new client to a concluded contract: the demands-and-needs analysis,
 * two quotes (one without a required cover), the comparison with its badges and the cheapest quote
 * meeting the needs, conclusion of the mismatching quote only with an explicit acknowledgement and
 * under the purpose that performs contracts, the policy in the register, and the renewals worklist.
 * Every screen is checked with axe-core and photographed into test/artifacts.
 */
describe('broker offers, policies and renewals in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let problems: string[];
  let foreign: string[];
  let offerUrl: string;
  const policyNumber = 'PL-BETA-2026-000777';

  async function check(name: string): Promise<void> {
    const serious = await seriousViolations(page, `broker-offers-${name}`);
    expect({ screen: name, serious }).toEqual({ screen: name, serious: [] });
  }

  async function choosePurpose(label: string): Promise<void> {
    await page.getByRole('button', { name: `Pracuj w tym celu: ${label}` }).click();
    await page.getByTestId('purpose-banner').getByText(`Pracujesz w celu: ${label}`).waitFor();
  }

  async function pickInsurer(name: string): Promise<void> {
    await pickOptionByLabel(page, /^Ubezpieczyciel/, name);
  }

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp();
    for (const [name, nip] of [
      ['Alfa TU S.A.', 526_000_301],
      ['Beta TU S.A.', 526_000_302],
    ] as const) {
      const res = await t.http
        .post('/api/insurers')
        .set(t.as('admin'))
        .send({ name, nip: makeNip(nip), dsrContactEmail: 'iod@tu.example' });
      expect(res.status).toBe(201);
    }
    // A policy ending in 7 days, for the renewals worklist.
    const insurers = await t.http.get('/api/insurers').set(t.as('broker'));
    const alfa = (insurers.body.items as Array<{ id: string; name: string }>).find(
      (i) => i.name === 'Alfa TU S.A.',
    )!;
    const holder = await createClient(t, {
      firstName: 'Zenon',
      lastName: 'Kowalczyk',
      email: 'zenon.kowalczyk@example.com',
    });
    const request = await t.http
      .post('/api/offer-requests')
      .set(t.as('broker', 'offer_preparation'))
      .send({ clientId: holder.id, lineOfBusiness: 'home', needs: { requiredCoverages: ['fire'] } });
    expect(request.status).toBe(201);
    const quote = await t.http
      .post(`/api/offer-requests/${request.body.id}/quotes`)
      .set(t.as('broker', 'offer_preparation'))
      .send({
        insurerId: alfa.id,
        productName: 'Dom Plus',
        premium: { amount: 60_000, currency: 'PLN' },
        sumInsured: { amount: 50_000_000, currency: 'PLN' },
        deductible: { amount: 0, currency: 'PLN' },
        coverages: [{ code: 'fire', limit: { amount: 50_000_000, currency: 'PLN' } }],
        validUntil: day(30),
      });
    expect(quote.status).toBe(201);
    const concluded = await t.http
      .post(`/api/offer-requests/${request.body.id}/conclude`)
      .set(t.as('broker', 'contract_performance'))
      .send({
        quoteId: quote.body.id,
        policyNumber: 'PL-DOM-2025-000001',
        startDate: day(-358),
        endDate: day(7),
        recommendation: 'Pełny zakres ogniowy w budżecie klienta.',
      });
    expect(concluded.status).toBe(201);
    ({ browser, page, base, problems, foreign } = await openWorkplace(t));
    // Generous: the suite runs this beside the fuzz and matrix suites on two cores.
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('creates a client and records the demands-and-needs analysis (APK)', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/logowanie$/);
    await page.getByLabel('E-mail służbowy').fill(t.staff.broker.email);
    await page.getByLabel('Hasło').fill('test-password-123');
    await page.getByRole('button', { name: 'Zaloguj' }).click();
    await page.waitForURL(/\/cel$/);
    await choosePurpose('przygotowanie oferty');
    // The offer purposes show the policies and renewals in the menu.
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Polisy' }).waitFor();
    await nav.getByRole('link', { name: 'Odnowienia' }).waitFor();

    await nav.getByRole('link', { name: 'Nowy klient' }).click();
    await page.getByLabel(/^Imię/).fill('Tomasz');
    await page.getByLabel(/^Nazwisko/).fill('Wróblewski');
    await page.getByLabel('PESEL', { exact: true }).fill(makePesel('1985-03-02', 1357));
    await page.getByLabel('E-mail', { exact: true }).fill('tomasz.wroblewski@example.com');
    await page.getByLabel('Telefon', { exact: true }).fill('600 200 300');
    await page.getByLabel('Ulica i numer', { exact: true }).fill('ul. Polna 3');
    await page.getByLabel('Kod pocztowy', { exact: true }).fill('30-001');
    await page.getByLabel('Miejscowość', { exact: true }).fill('Kraków');
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await page.waitForURL(/\/klienci\/[0-9a-f-]{36}$/);

    await page.getByRole('tab', { name: 'Oferty' }).click();
    await page.getByRole('link', { name: 'Nowa analiza potrzeb (APK)' }).click();
    await page.waitForURL(/\/klienci\/[0-9a-f-]{36}\/apk$/);
    await page.getByRole('heading', { name: 'Nowa analiza potrzeb (APK)' }).waitFor();
    // Nothing is chosen yet: the form says so and sends nothing.
    await page.getByRole('button', { name: 'Zapisz analizę i przejdź do ofert' }).click();
    await page.getByText('Zaznacz co najmniej jeden zakres ochrony').waitFor();
    await page.getByRole('checkbox', { name: 'OC', exact: true }).check();
    await page.getByRole('checkbox', { name: 'AC', exact: true }).check();
    await page.getByLabel('Najwyższa składka (budżet klienta)').fill('2 000,00');
    await page.getByLabel('Uwagi z rozmowy z klientem').fill('Dojeżdża codziennie do pracy; garaż.');
    await check('1-apk');
    await page.getByRole('button', { name: 'Zapisz analizę i przejdź do ofert' }).click();
    await page.waitForURL(/\/oferty\/[0-9a-f-]{36}$/);
    offerUrl = page.url();
    await page.getByRole('heading', { name: 'Zapytanie ofertowe: komunikacyjne' }).waitFor();
    // The budget typed in złote was sent in grosze and comes back formatted.
    await page.getByText('2\u00a0000,00\u00a0zł').first().waitFor();
    expect(page.url()).not.toMatch(/Wr[oó]blewski|tomasz/i);
  });

  it('records two quotes, one without a required cover, in the quotes grid', async () => {
    await page.getByText('Brak ofert. Dodaj pierwszą ofertę.').waitFor();
    await check('2-zapytanie');

    await pickInsurer('Alfa TU S.A.');
    await page.getByLabel('Produkt').fill('Auto Komfort');
    await page.getByLabel('Składka (zł)').fill('1 800');
    await page.getByLabel('Suma ubezpieczenia (zł)').fill('60 000');
    await page.getByLabel('Udział własny (zł)').fill('500');
    await page.getByRole('checkbox', { name: 'OC', exact: true }).check();
    await page.getByLabel('Limit (zł): OC').fill('5 000 000');
    await page.getByRole('checkbox', { name: 'AC', exact: true }).check();
    await page.getByLabel('Limit (zł): AC').fill('60 000');
    await page.getByLabel('Ważna do').fill(pl(day(30)));
    await page.getByLabel('Prowizja (%)').fill('12,5');
    await check('3-nowa-oferta');
    await page.getByRole('button', { name: 'Zapisz ofertę' }).click();
    await waitForOrExplain(
      page,
      page.getByTestId('quotes-grid').getByText('Auto Komfort'),
      'first-quote',
      problems,
    );

    await pickInsurer('Beta TU S.A.');
    await page.getByLabel('Produkt').fill('OC Start');
    await page.getByLabel('Składka (zł)').fill('900');
    await page.getByLabel('Suma ubezpieczenia (zł)').fill('5 000 000');
    await page.getByLabel('Udział własny (zł)').fill('0');
    await page.getByRole('checkbox', { name: 'OC', exact: true }).check();
    await page.getByLabel('Limit (zł): OC').fill('5 000 000');
    await page.getByLabel('Ważna do').fill(pl(day(14)));
    // The typed date closes its calendar with Escape, as the keyboard does, and stays typed.
    await page.keyboard.press('Escape');
    expect(await page.getByLabel('Ważna do').inputValue()).toBe(pl(day(14)));
    await page.getByRole('button', { name: 'Zapisz ofertę' }).click();
    const grid = page.getByTestId('quotes-grid');
    // On a loaded machine the click that follows the date's Escape was seen to submit nothing (the
    // form kept its values, no request, no error): the still-filled form is submitted once more.
    const saved = await grid
      .getByText('OC Start')
      .waitFor({ timeout: 15_000 })
      .then(() => true)
      .catch(() => false);
    if (!saved && (await page.getByLabel('Produkt').inputValue()) === 'OC Start')
      await page.getByRole('button', { name: 'Zapisz ofertę' }).click();
    await waitForOrExplain(page, grid.getByText('OC Start'), 'second-quote', problems);
    await expect(grid.locator('thead th').count()).resolves.toBe(3);
    await expect(grid.textContent()).resolves.toContain('12,5\u00a0% (225,00\u00a0zł)');
  });

  it('compares the quotes against the needs and prints the comparison', async () => {
    const comparison = page.getByTestId('comparison');
    await comparison.waitFor();
    const alfa = comparison.locator('thead th').nth(1);
    const beta = comparison.locator('thead th').nth(2);
    await expect(alfa.textContent()).resolves.toContain('Alfa TU S.A.');
    // The cheaper Beta lacks AC: the cheapest meeting the needs is Alfa.
    await alfa.getByText('najtańsza spełniająca potrzeby').waitFor();
    await beta.getByText('brak ochrony').waitFor();
    await expect(beta.getByText('najtańsza spełniająca potrzeby').count()).resolves.toBe(0);
    const acRow = comparison.locator('tbody tr').filter({ hasText: 'AC' }).first();
    await acRow.getByText('brak ochrony').waitFor();
    await expect(comparison.textContent()).resolves.toContain(pl(day(14)));
    await check('4-porownanie');

    await page.evaluate(() => {
      const w = globalThis as unknown as { print: () => void; printed?: boolean };
      w.print = () => {
        w.printed = true;
      };
    });
    await page.getByRole('button', { name: 'Drukuj porównanie' }).click();
    await expect(page.evaluate(() => (globalThis as unknown as { printed?: boolean }).printed)).resolves.toBe(
      true,
    );
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Zapisz ofertę' }).isVisible()).resolves.toBe(false);
    await expect(page.getByTestId('comparison').isVisible()).resolves.toBe(true);
    await check('5-wydruk');
    await page.emulateMedia({ media: 'screen' });
  });

  it('asks for the contract purpose explicitly, then concludes the mismatching quote only when acknowledged', async () => {
    await page.getByRole('button', { name: 'Wybierz ofertę Beta TU S.A.' }).click();
    const needed = page.getByTestId('purpose-needed');
    await needed.getByText('wykonanie umowy', { exact: false }).waitFor();
    // The purpose stays as it was until the broker changes it.
    await expect(page.getByTestId('purpose-banner').textContent()).resolves.toContain(
      'Pracujesz w celu: przygotowanie oferty',
    );
    await check('6-potrzebny-cel');
    await needed.getByRole('button', { name: 'Zmień cel' }).click();
    await page.waitForURL(/\/cel$/);
    await choosePurpose('wykonanie umowy');
    await page.goto(offerUrl);

    await page.getByRole('button', { name: 'Wybierz ofertę Beta TU S.A.' }).click();
    const mismatch = page.getByTestId('mismatch');
    await mismatch.getByText('Brak wymaganej ochrony: AC.').waitFor();
    await page.getByLabel('Numer polisy').fill(policyNumber);
    await page.getByLabel('Początek ochrony').fill(pl(day(1)));
    await page.getByLabel('Koniec ochrony').fill(pl(day(365)));
    await page
      .getByLabel('Rekomendacja (uzasadnienie wyboru)')
      .fill('Klient świadomie rezygnuje z AC: samochód ma 14 lat, liczy się najniższa składka.');
    await page.getByRole('button', { name: 'Zawrzyj umowę' }).click();
    await page.getByText('Zaznacz potwierdzenie, aby zawrzeć umowę na tę ofertę').waitFor();
    expect(page.url()).toBe(offerUrl);
    await check('7-zawarcie');
    await mismatch.getByLabel('Potwierdzam, że klient zna te braki i świadomie wybiera tę ofertę').check();
    await page.getByRole('button', { name: 'Zawrzyj umowę' }).click();
    await page.waitForURL(/\/polisy\/[0-9a-f-]{36}$/);
    const data = page.getByTestId('contract-data');
    await data.getByText(policyNumber).waitFor();
    await expect(data.textContent()).resolves.toContain('900,00\u00a0zł');
    await page.getByTestId('contract-mismatch').getByText('Brak wymaganej ochrony: AC.').waitFor();
    await check('8-polisa');
  });

  it('lists the policy in the register with filters, and the renewals oldest end first', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Polisy' }).click();
    const table = page.getByTestId('contracts-table');
    await table.getByRole('link', { name: policyNumber }).waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(2);
    await pickInsurer('Beta TU S.A.');
    await page.getByRole('button', { name: 'Filtruj' }).click();
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('[data-testid="contracts-table"] tbody tr').length === 1,
    );
    await table.getByRole('link', { name: policyNumber }).waitFor();
    await check('9-polisy');

    await page.getByRole('navigation').getByRole('link', { name: 'Odnowienia' }).click();
    const renewals = page.getByTestId('renewals-table');
    await renewals.getByText('kończy się za 7 dni').waitFor();
    await renewals.getByText('zenon.kowalczyk@example.com').waitFor();
    await expect(renewals.locator('tbody tr').count()).resolves.toBe(1);
    await check('10-odnowienia');
    await renewals.getByRole('button', { name: 'Rozpocznij odnowienie' }).click();
    await page.waitForURL(/\/oferty\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Zapytanie ofertowe: mieszkaniowe' }).waitFor();
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
