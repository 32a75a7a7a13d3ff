import { Browser, Page } from 'playwright-core';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { makeVin } from '@app/common/validation/vehicle';
import { createClient } from '../support/fixtures';
import { startTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';
import { ensureWebBuild } from '../support/web-build';
import { openWorkplace, seriousViolations } from './support';

const pln = (amount: number) => ({ amount, currency: 'PLN' });
const NBSP = '\u00a0';

/** dd.mm.rrrr of a YYYY-MM-DD day. */
function pl(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

/**
 * A broker in Polish on a policy taken over from another broker: an annex raising the premium (typed
 * in złote, the commission recomputed) listed with the terms before and after, a schedule of four
 * instalments with the ones already due marked overdue, a payment of the first, and the overdue
 * list in the menu. Every screen is checked with axe-core and photographed into test/artifacts.
 */
describe('policy annexes and instalments in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let problems: string[];
  let foreign: string[];
  let contractId: string;
  let today: string;
  const policyNumber = 'PL-OC-2026-004242';

  async function day(offset: number): Promise<string> {
    const [row] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} + $1::int, 'YYYY-MM-DD') AS d`,
      [offset],
    );
    return row.d;
  }

  async function check(name: string): Promise<void> {
    const serious = await seriousViolations(page, `book-${name}`);
    expect({ screen: name, serious }).toEqual({ screen: name, serious: [] });
  }

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Gamma TU S.A.', nip: makeNip(526_000_303), dsrContactEmail: 'iod@gamma.example' });
    expect(insurer.status).toBe(201);
    const holder = await createClient(t, { firstName: 'Halina', lastName: 'Zawadzka' });
    today = await day(0);
    const registered = await t.http
      .post('/api/contracts')
      .set(t.as('broker', 'contract_performance'))
      .send({
        policyholderId: holder.id,
        insurerId: insurer.body.id,
        lineOfBusiness: 'motor',
        policyNumber,
        productName: 'Auto Komfort',
        // Started 100 days ago: of four quarterly instalments the first two are already due.
        startDate: await day(-100),
        endDate: await day(264),
        premium: pln(240_000),
        commissionRate: 0.1,
        source: 'transferred',
        insuredObject: {
          kind: 'vehicle',
          vin: makeVin('TMBJJ7NE5L012345'),
          registrationNumber: 'BI 4242A',
          make: 'Škoda',
          model: 'Octavia',
          year: 2020,
        },
      });
    expect(registered.status).toBe(201);
    contractId = registered.body.id;
    ({ browser, page, base, problems, foreign } = await openWorkplace(t));
    // Generous: the suite runs this beside the fuzz and matrix suites on two cores.
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens the registered policy under contract performance, with no annexes and no schedule yet', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/logowanie$/);
    await page.getByLabel('E-mail służbowy').fill(t.staff.broker.email);
    await page.getByLabel('Hasło').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Zaloguj' }).click();
    await page.waitForURL(/\/cel$/);
    await page.getByRole('button', { name: 'Pracuj w tym celu: wykonanie umowy' }).click();
    await page.getByTestId('purpose-banner').getByText('Pracujesz w celu: wykonanie umowy').waitFor();
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Zaległe raty' }).waitFor();
    await nav.getByRole('link', { name: 'Polisy' }).click();
    await page.getByRole('link', { name: policyNumber }).click();
    await page.waitForURL(new RegExp(`/polisy/${contractId}$`));
    await page.getByRole('heading', { name: 'Aneksy' }).waitFor();
    await page.getByText('Polisa nie ma aneksów.').waitFor();
    await page.getByText('Polisa nie ma jeszcze harmonogramu rat.').waitFor();
    await check('1-polisa');
  });

  it('adds an annex raising the premium and lists it with the terms before and after', async () => {
    const form = page.getByRole('region', { name: 'Dodaj aneks' });
    // Without a reason nothing is sent.
    await form.getByLabel(/^Obowiązuje od/).fill(pl(today));
    await page.keyboard.press('Escape');
    await form.getByLabel('Nowa składka roczna').fill('3 000,00');
    await form.getByRole('button', { name: 'Dodaj aneks' }).click();
    await form.getByText('To pole jest wymagane').waitFor();
    expect(
      (await t.http.get(`/api/contracts/${contractId}/annexes`).set(t.as('broker', 'contract_performance')))
        .body,
    ).toEqual([]);

    await form.getByLabel(/^Powód zmiany/).fill('Doposażenie pojazdu, wyższa wartość.');
    await check('2-dodaj-aneks');
    await form.getByRole('button', { name: 'Dodaj aneks' }).click();
    await form.getByText('Aneks dodany; polisa ma nowe warunki.').waitFor();

    const row = page.getByTestId('annexes-table').locator('tbody tr');
    await row.first().waitFor();
    await expect(row.count()).resolves.toBe(1);
    await row.getByText(`Składka: 2${NBSP}400,00${NBSP}zł → 3${NBSP}000,00${NBSP}zł`).waitFor();
    await row.getByText(`Prowizja: 240,00${NBSP}zł → 300,00${NBSP}zł`).waitFor();
    await row.getByText('Doposażenie pojazdu, wyższa wartość.').waitFor();
    await expect(row.locator('td').first().textContent()).resolves.toBe(pl(today));
    // The card shows the new premium.
    await page.getByTestId('contract-data').getByText(`3${NBSP}000,00${NBSP}zł`).waitFor();
    const annexes = await t.http
      .get(`/api/contracts/${contractId}/annexes`)
      .set(t.as('broker', 'contract_performance'));
    expect(annexes.body).toMatchObject([
      { effectiveDate: today, changes: { premium: pln(300_000) }, previous: { premium: pln(240_000) } },
    ]);
    await check('3-aneks');
  });

  it('creates a schedule of four instalments with those already due marked overdue', async () => {
    const form = page.getByRole('region', { name: 'Utwórz harmonogram' });
    await form.getByLabel('Liczba rat').selectOption('4');
    await form.getByRole('button', { name: 'Utwórz harmonogram' }).click();
    const rows = page.getByTestId('instalments-table').locator('tbody tr');
    await rows.nth(3).waitFor();
    await expect(rows.count()).resolves.toBe(4);
    await rows.nth(0).getByText('1 z 4').waitFor();
    await rows.nth(0).getByText(`750,00${NBSP}zł`).waitFor();
    await rows
      .nth(0)
      .getByText(pl(await day(-100)))
      .waitFor();
    // Due 100 and about 9 days ago: overdue; the later two are not.
    await expect(page.getByTestId('instalments-table').getByTestId('overdue').count()).resolves.toBe(2);
    await expect(rows.nth(2).getByTestId('overdue').count()).resolves.toBe(0);
    await check('4-harmonogram');
  });

  it('records a payment of the first instalment, typed in złote, by keyboard', async () => {
    await page.getByRole('button', { name: 'Zapisz wpłatę raty 1' }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('region', { name: /^Wpłata raty 1 z 4/ });
    // Focus moves to the form that opened, so the keyboard goes on from there.
    await form.getByRole('heading').and(page.locator(':focus')).waitFor();
    await form.getByLabel(/^Data wpłaty/).fill(pl(await day(-1)));
    await page.keyboard.press('Escape');
    await form.getByLabel(/^Kwota wpłaty/).fill('750');
    await check('5-wplata');
    await form.getByRole('button', { name: 'Zapisz wpłatę' }).click();
    const first = page.getByTestId('instalments-table').locator('tbody tr').first();
    await first.getByText('opłacona', { exact: true }).waitFor();
    await first.getByText(`750,00${NBSP}zł (${pl(await day(-1))})`).waitFor();
    await expect(page.getByTestId('instalments-table').getByTestId('overdue').count()).resolves.toBe(1);
    const schedule = await t.http
      .get(`/api/contracts/${contractId}/instalments`)
      .set(t.as('broker', 'contract_performance'));
    expect(schedule.body.items[0]).toMatchObject({ status: 'paid', paidAmount: pln(75_000) });
    // A paid schedule is kept: no form offers to replace it.
    await expect(page.getByRole('region', { name: 'Utwórz harmonogram' }).count()).resolves.toBe(0);
    await check('6-wplata-zapisana');
  });

  it('lists the remaining overdue instalment under "Zaległe raty"', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Zaległe raty' }).click();
    await page.waitForURL(/\/zalegle-raty$/);
    await page.getByRole('heading', { name: 'Zaległe raty', level: 1 }).waitFor();
    const rows = page.getByTestId('overdue-table').locator('tbody tr');
    await rows.first().waitFor();
    await expect(rows.count()).resolves.toBe(1);
    await rows.first().getByText('2 z 4').waitFor();
    await rows.first().getByRole('link', { name: policyNumber }).waitFor();
    await check('7-zalegle-raty');
  });

  it('shows the annexes and the schedule while preparing offers, and asks for contract performance to change them', async () => {
    await page.getByTestId('purpose-banner').getByRole('button', { name: 'Zmień cel' }).click();
    await page.waitForURL(/\/cel$/);
    await page.getByRole('button', { name: 'Pracuj w tym celu: przygotowanie oferty' }).click();
    await page.getByTestId('purpose-banner').getByText('Pracujesz w celu: przygotowanie oferty').waitFor();
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Polisy' }).click();
    await page.getByRole('link', { name: policyNumber }).click();
    await page.getByTestId('annexes-table').getByText('Doposażenie pojazdu, wyższa wartość.').waitFor();
    await page.getByTestId('instalments-table').locator('tbody tr').nth(3).waitFor();
    await expect(page.getByTestId('purpose-needed').count()).resolves.toBe(2);
    await expect(page.getByRole('button', { name: /^Zapisz wpłatę/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('region', { name: 'Dodaj aneks' }).count()).resolves.toBe(0);
    await check('8-polisa-inny-cel');
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
