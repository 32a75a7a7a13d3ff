import { Browser, Page } from 'playwright-core';
import { makeNip } from '@app/common/validation/nip';
import { makeRegon } from '@app/common/validation/regon';
import { companyBody, createClient } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { ensureWebBuild } from '../support/web-build';
import { openWorkplace, seriousViolations, signIn, expectValue } from './support';

/**
 * A broker in Polish on the client card: a person's household with the members the purpose sees
 * (a restricted member counted, never named), and the correction of a company's register data,
 * where a wrong NIP check digit is caught before anything is sent and a correct one is stored.
 */
describe('households and company corrections in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let problems: string[];
  let foreign: string[];
  let anna: { id: string };
  let jan: { id: string };
  let zofia: { id: string };
  let companyId: string;
  const company = companyBody({ companyName: 'Tartak Puszcza sp. z o.o.' });

  async function check(name: string): Promise<void> {
    const serious = await seriousViolations(page, `client-groups-${name}`);
    expect({ screen: name, serious }).toEqual({ screen: name, serious: [] });
  }

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp();
    anna = await createClient(t, { firstName: 'Anna', lastName: 'Nowak' });
    jan = await createClient(t, { firstName: 'Jan', lastName: 'Nowak' });
    zofia = await createClient(t, { firstName: 'Zofia', lastName: 'Nowak-Ukryta' });
    const household = await t.http
      .post('/api/households')
      .set(t.as('broker', 'offer_preparation'))
      .send({ name: 'Nowakowie', memberIds: [anna.id, jan.id, zofia.id] });
    expect(household.status).toBe(201);
    await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [zofia.id]);
    const created = await t.http.post('/api/clients').set(t.as('broker', 'offer_preparation')).send(company);
    expect(created.status).toBe(201);
    companyId = created.body.id;
    ({ browser, page, base, problems, foreign } = await openWorkplace(t));
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a person’s household with the members the purpose sees', async () => {
    await signIn(page, base, t.staff.broker.email);
    await page.getByRole('button', { name: 'Pracuj w tym celu: przygotowanie oferty' }).click();
    await page.getByTestId('purpose-banner').getByText('Pracujesz w celu: przygotowanie oferty').waitFor();
    await page.goto(`${base}/klienci/${anna.id}`);
    const panel = page.getByTestId('household');
    await panel.getByRole('heading', { name: 'Gospodarstwo domowe' }).waitFor();
    await panel.getByText('Nowakowie').waitFor();
    const rows = panel.locator('tbody tr');
    await rows.nth(1).waitFor();
    await expect(rows.count()).resolves.toBe(2);
    await rows.nth(0).getByText('Anna Nowak (ten klient)').waitFor();
    await rows.nth(1).getByRole('link', { name: 'Jan Nowak' }).waitFor();
    // Zofia's processing is restricted: offers do not see her; she is counted, not named.
    await panel.getByText('1 członek niewidoczny w tym celu').waitFor();
    await expect(page.getByText('Nowak-Ukryta').count()).resolves.toBe(0);
    await check('1-gospodarstwo');

    await rows.nth(1).getByRole('link', { name: 'Jan Nowak' }).click();
    await page.waitForURL(new RegExp(`/klienci/${jan.id}$`));
    await page
      .getByTestId('household')
      .locator('tbody tr')
      .nth(1)
      .getByText('Jan Nowak (ten klient)')
      .waitFor();
  });

  it('corrects a company’s register data; a wrong NIP check digit is caught before sending', async () => {
    await page.goto(`${base}/klienci/${companyId}`);
    await page.getByRole('heading', { name: 'Tartak Puszcza sp. z o.o.', level: 1 }).waitFor();
    // A company has representatives, not a household.
    await expect(page.getByTestId('household').count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Edytuj dane' }).click();
    await page.waitForURL(new RegExp(`/klienci/${companyId}/edycja$`));
    const name = page.getByLabel(/^Nazwa firmy/);
    const nip = page.getByLabel(/^NIP/);
    await expectValue(nip, String(company.nip));
    await expect(nip.isDisabled()).resolves.toBe(false);

    const valid = makeNip(527_800_111);
    const wrong = valid.slice(0, -1) + String((Number(valid.slice(-1)) + 1) % 10);
    await name.fill('Tartak Puszcza S.A.');
    await nip.fill(wrong);
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await page.getByText('Nieprawidłowy NIP (sprawdź cyfrę kontrolną)').waitFor();
    await check('2-firma-bledny-nip');
    const [unchanged] = await t.db.query(`SELECT company_name, nip FROM client WHERE id = $1`, [companyId]);
    expect(unchanged).toEqual({ company_name: company.companyName, nip: company.nip });

    const regon = makeRegon(61_000_123);
    await nip.fill(`${valid.slice(0, 3)}-${valid.slice(3, 6)}-${valid.slice(6)}`);
    await page.getByLabel(/^REGON/).fill(regon);
    await page.getByLabel(/^KRS/).fill('');
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await page.waitForURL(new RegExp(`/klienci/${companyId}$`));
    const data = page.getByTestId('company-data');
    await data.getByText(valid).waitFor();
    await data.getByText(regon).waitFor();
    await page.getByRole('heading', { name: 'Tartak Puszcza S.A.', level: 1 }).waitFor();
    const [stored] = await t.db.query(`SELECT company_name, nip, regon, krs FROM client WHERE id = $1`, [
      companyId,
    ]);
    expect(stored).toEqual({ company_name: 'Tartak Puszcza S.A.', nip: valid, regon, krs: null });
    await check('3-firma-poprawiona');
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
