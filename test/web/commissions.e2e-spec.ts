import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { makeNip } from '@app/common/validation/nip';
import { concludeContract, createClient } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { ensureWebBuild } from '../support/web-build';
import {
  ARTIFACTS,
  launchChromium,
  openPage,
  seriousViolations,
  serveApp,
  signIn,
  expectValue,
} from './support';

const NBSP = '\u00a0';
const zl = (text: string) => text.replace(/ /g, NBSP);

/**
 * Commissions in Polish in headless Chromium: an administrator makes a commission agreement; the
 * accountant, under the legal obligation, uploads an insurer's statement with the insurer's own
 * column names, reads the reconciliation (matching, differing by 12,34 zł, unknown policy, missing),
 * settles a line and exports the file for the books; a broker sees the commission on the policy
 * card. Every screen is checked with axe-core and photographed into test/artifacts.
 */
describe('commissions in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const problems: string[] = [];
  const foreign: string[] = [];
  let insurerId: string;
  const contractOf: Record<string, string> = {};

  async function check(page: Page, name: string): Promise<void> {
    const serious = await seriousViolations(page, `commissions-${name}`);
    expect({ screen: name, serious }).toEqual({ screen: name, serious: [] });
  }

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Delta TU S.A.', nip: makeNip(641_000_007), dsrContactEmail: 'iod@delta.example' });
    expect(insurer.status).toBe(201);
    insurerId = insurer.body.id;
    for (const number of ['DL/1', 'DL/2', 'DL/3']) {
      const client = await createClient(t);
      contractOf[number] = await concludeContract(t, {
        clientId: client.id,
        insurerId,
        policyNumber: number,
        startInDays: -20,
        endInDays: 345,
      });
    }
    base = await serveApp(t);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('lets an administrator make a commission agreement with a split between brokers', async () => {
    const { context, page } = await openPage(browser, base, problems, foreign);
    page.setDefaultTimeout(30_000);
    await signIn(page, base, t.staff.admin.email);
    await page.getByRole('link', { name: 'Zespoły' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Umowy prowizyjne' }).click();
    await page.waitForURL(/\/umowy-prowizyjne$/);
    await page.getByRole('heading', { name: 'Umowy prowizyjne', level: 1 }).waitFor();
    await page.getByText('Nie ma jeszcze umów prowizyjnych.').waitFor();
    const form = page.getByRole('region', { name: 'Nowa umowa prowizyjna' });
    await form.getByLabel('Ubezpieczyciel').selectOption({ label: 'Delta TU S.A.' });
    await form.getByLabel('Rodzaj ubezpieczenia').selectOption({ label: 'komunikacyjne' });
    await form.getByLabel('Stawka w pierwszym roku (%)').fill('15');
    await form.getByLabel('Stawka przy odnowieniu (%)').fill('10,5');
    await form.getByRole('button', { name: 'Dodaj brokera do podziału' }).click();
    await form.getByLabel('Broker 1').selectOption({ index: 1 });
    await form.getByLabel('Udział (%) 1').fill('100');
    await check(page, '1-umowa-formularz');
    await form.getByRole('button', { name: 'Zapisz umowę' }).click();
    await form.getByText('Umowa zapisana.').waitFor();
    const row = page.getByTestId('agreements-table').locator('tbody tr');
    await row.first().waitFor();
    await row.getByText('Delta TU S.A.').waitFor();
    await row.getByText('15%').waitFor();
    await row.getByText('10,5%').waitFor();
    const listed = await t.http.get('/api/commission-agreements').set(t.as('admin'));
    expect(listed.body.items).toMatchObject([
      { firstYearRate: 0.15, renewalRate: 0.105, splits: [{ share: 1 }] },
    ]);
    await check(page, '2-umowy');
    await context.close();
  });

  it('uploads a statement with the insurer’s columns and shows the reconciliation to the grosz', async () => {
    const { context, page } = await openPage(browser, base, problems, foreign);
    page.setDefaultTimeout(30_000);
    await signIn(page, base, t.staff.accountant.email);
    await page.getByRole('button', { name: 'Pracuj w tym celu: obowiązek prawny' }).click();
    await page.getByTestId('purpose-banner').getByText('Pracujesz w celu: obowiązek prawny').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Rozliczenia prowizji' }).click();
    await page.waitForURL(/\/prowizje$/);
    await page.getByText('Nie wczytano jeszcze żadnego zestawienia.').waitFor();
    const form = page.getByRole('region', { name: 'Wczytaj zestawienie prowizyjne' });
    await form.getByLabel('Ubezpieczyciel').selectOption({ label: 'Delta TU S.A.' });
    // The default columns until the insurer's own are given.
    await expectValue(form.getByLabel('Kolumna z numerem polisy'), 'policyNumber');
    await form
      .getByText('Kolumny domyślne; zmienione zostaną zapamiętane dla tego ubezpieczyciela.')
      .waitFor();
    await form.getByLabel('Kolumna z numerem polisy').fill('Nr polisy');
    await form.getByLabel('Kolumna z prowizją').fill('Prowizja');
    const file = join(ARTIFACTS, 'zestawienie-delta.csv');
    writeFileSync(file, 'Nr polisy;Prowizja\r\nDL/1;150,00\r\nDL/2;137,66\r\nXX/404;25,00\r\n', 'utf8');
    await form.getByLabel('Plik CSV zestawienia').setInputFiles(file);
    await check(page, '3-wczytanie');
    await form.getByRole('button', { name: 'Wczytaj i uzgodnij' }).click();
    await page.waitForURL(/\/prowizje\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Uzgodnienie zestawienia: Delta TU S.A.' }).waitFor();

    const lines = page.getByTestId('statement-lines');
    await lines.getByTestId('line-matched').getByText('zgodna').waitFor();
    await lines.getByTestId('line-differs').getByText(`różnica 12,34${NBSP}zł`).waitFor();
    await lines.getByTestId('line-differs').getByText(zl('-12,34 zł')).waitFor();
    await lines.getByTestId('line-unknown_policy').getByText('nieznana polisa').waitFor();
    await lines.getByTestId('line-missing').getByText('brak w zestawieniu').waitFor();
    await lines.getByTestId('line-missing').getByRole('link', { name: 'DL/3' }).waitFor();
    await page.getByTestId('statement-totals').getByText(zl('450,00 zł')).waitFor();
    await page.getByTestId('statement-totals').getByText(zl('312,66 zł')).waitFor();
    const id = /\/prowizje\/([0-9a-f-]{36})$/.exec(page.url())![1];
    const api = await t.http
      .get(`/api/commission-statements/${id}`)
      .set(t.as('accountant', 'legal_obligation'));
    expect(
      api.body.lines.map((l: { policyNumber: string; difference: { amount: number } }) => [
        l.policyNumber,
        l.difference.amount,
      ]),
    ).toEqual([
      ['DL/1', 0],
      ['DL/2', -1_234],
      ['XX/404', 2_500],
      ['DL/3', -15_000],
    ]);
    await check(page, '4-uzgodnienie');

    // Settles the matching line by keyboard, then exports the file for the books.
    await page.getByRole('button', { name: 'Oznacz jako rozliczoną pozycję DL/1' }).focus();
    await page.keyboard.press('Enter');
    await lines
      .getByTestId('line-matched')
      .getByText(/^rozliczono /)
      .waitFor();
    await page
      .getByTestId('statement-counts')
      .getByText(/rozliczone: 1 z 4/)
      .waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Eksport CSV dla księgowości' }).click(),
    ]);
    const saved = join(ARTIFACTS, 'commissions-eksport.csv');
    await download.saveAs(saved);
    const text = readFileSync(saved, 'utf8');
    expect(text).toContain('DL/2;różnica;150,00;137,66;-12,34');
    await page.getByText('Plik zapisany.').waitFor();
    await check(page, '5-rozliczone');

    // The mapping is kept: the next upload starts from the insurer's own columns.
    await page.getByRole('link', { name: '← Wszystkie zestawienia' }).click();
    await page.waitForURL(/\/prowizje$/);
    await form.getByLabel('Ubezpieczyciel').selectOption({ label: 'Delta TU S.A.' });
    await form.getByText('Kolumny zapamiętane z poprzedniego zestawienia.').waitFor();
    await expectValue(form.getByLabel('Kolumna z numerem polisy'), 'Nr polisy');
    // A file with a bad amount: the row and column are named and nothing is imported.
    writeFileSync(file, 'Nr polisy;Prowizja\r\nDL/1;1,234\r\n', 'utf8');
    await form.getByLabel('Plik CSV zestawienia').setInputFiles(file);
    await form.getByRole('button', { name: 'Wczytaj i uzgodnij' }).click();
    await page
      .getByTestId('statement-errors')
      .getByText(/^Wiersz 2, kolumna Prowizja:/)
      .waitFor();
    await page.getByText('Plik zestawienia ma błędy; niczego nie wczytano.').waitFor();
    const count = await t.db.query(`SELECT count(*)::int AS n FROM commission_statement`);
    expect(count[0].n).toBe(1);
    await check(page, '6-bledny-plik');
    await context.close();
  });

  it('shows a broker the commission on the policy card, earned and settled', async () => {
    const { context, page } = await openPage(browser, base, problems, foreign);
    page.setDefaultTimeout(30_000);
    await signIn(page, base, t.staff.broker.email);
    await page.getByRole('button', { name: 'Pracuj w tym celu: wykonanie umowy' }).click();
    await page.goto(`${base}/polisy/${contractOf['DL/1']}`);
    const panel = page.getByTestId('contract-commission');
    await panel.getByRole('heading', { name: 'Prowizja' }).waitFor();
    await panel.getByText('15% (pierwszy rok, według umowy prowizyjnej)').waitFor();
    // 1 000,00 zł at 15 %; settled by the accountant on the statement.
    await expect(panel.getByText(zl('150,00 zł')).count()).resolves.toBeGreaterThanOrEqual(3);
    await panel.getByText(`100%: 150,00${NBSP}zł`).waitFor();
    await check(page, '7-polisa-prowizja');
    // The statement screens are not the broker's: the menu has no entry and the page says why.
    await expect(
      page.getByRole('navigation').getByRole('link', { name: 'Rozliczenia prowizji' }).count(),
    ).resolves.toBe(0);
    await page.goto(`${base}/prowizje`);
    await page
      .getByText('Zestawienia prowizyjne rozlicza księgowość w celu: wypełnianie obowiązków prawnych.')
      .waitFor();
    await context.close();
  });
});
