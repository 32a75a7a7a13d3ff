import { Browser, Page } from 'playwright-core';
import { makeNip } from '@app/common/validation/nip';
import { concludeContract, createClient } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { ensureWebBuild } from '../support/web-build';
import { openWorkplace, seriousViolations, signIn } from './support';

const NBSP = '\u00a0';

/**
 * A broker in Polish: a claim reported on the client card under "obsługa szkód" and taken through
 * its workflow on the claim's page (to assessment, then paid in złote); the renewal call the daily
 * scan made, taken from the team and completed under "Moje zadania"; and a call recorded on the
 * client's timeline. Every screen is checked with axe-core and photographed into test/artifacts.
 */
describe('claims, tasks and the timeline in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let problems: string[];
  let clientId: string;
  let contractId: string;

  async function check(name: string): Promise<void> {
    const serious = await seriousViolations(page, `service-${name}`);
    expect({ screen: name, serious }).toEqual({ screen: name, serious: [] });
  }

  async function choosePurpose(label: string): Promise<void> {
    await page.getByRole('button', { name: `Pracuj w tym celu: ${label}` }).click();
    await page.getByTestId('purpose-banner').getByText(`Pracujesz w celu: ${label}`).waitFor();
  }

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Delta TU S.A.', nip: makeNip(526_000_404), dsrContactEmail: 'iod@delta.example' });
    const client = await createClient(t, { firstName: 'Zenon', lastName: 'Szkodliwy' });
    clientId = client.id;
    contractId = await concludeContract(t, {
      clientId,
      insurerId: insurer.body.id,
      policyNumber: 'PL-AC-2026-777',
      endInDays: 20,
    });
    ({ browser, page, base, problems } = await openWorkplace(t));
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('reports a claim on the client card under claims', async () => {
    await signIn(page, base, t.staff.broker.email);
    await choosePurpose('obsługa szkód');
    await page.getByRole('navigation').getByRole('link', { name: 'Szkody' }).click();
    await page.getByText('Brak szkód.').waitFor();
    await check('1-szkody-puste');
    await page.goto(`${base}/klienci/${clientId}`);
    await page.getByRole('tab', { name: 'Szkody' }).click();
    const form = page.getByRole('region', { name: 'Zgłoś szkodę' });
    await form.getByLabel(/^Opis zdarzenia/).fill('Stłuczka na parkingu, uszkodzony zderzak');
    await form.getByLabel('Numer szkody u ubezpieczyciela').fill('SZ/2026/4242');
    await form.getByLabel('Kwota roszczenia (zł)').fill('4 500,00');
    await check('2-zgloszenie');
    await form.getByRole('button', { name: 'Zgłoś szkodę' }).click();
    await page.waitForURL(/\/szkody\/[0-9a-f-]{36}$/);
    await page.getByTestId('claim-data').getByText('zgłoszona').waitFor();
    await page.getByTestId('claim-data').getByText(`4${NBSP}500,00${NBSP}zł`).waitFor();
    await check('3-szkoda');
  });

  it('takes the claim through assessment to payment, keeping its history', async () => {
    await page.getByLabel('Notatka').fill('Rzeczoznawca umówiony na jutro');
    await page.getByRole('button', { name: 'Przekaż do likwidacji' }).click();
    await page.getByTestId('claim-data').getByText('w likwidacji').waitFor();
    // Paid without an amount: the form says so and nothing is sent.
    await page.getByRole('button', { name: 'Odnotuj wypłatę' }).click();
    await page.getByText('Podaj kwotę w złotych, np. 1 234,56').waitFor();
    await page.getByLabel('Kwota wypłaty (zł)').fill('3 800');
    await check('4-likwidacja');
    await page.getByRole('button', { name: 'Odnotuj wypłatę' }).click();
    await page.getByTestId('claim-data').getByText('wypłacona').waitFor();
    await page.getByTestId('claim-data').getByText(`3${NBSP}800,00${NBSP}zł`).waitFor();
    await expect(page.getByTestId('claim-history').locator('tbody tr').count()).resolves.toBe(3);
    await expect(page.getByRole('button', { name: 'Wycofaj szkodę' }).count()).resolves.toBe(0);
    const [claim] = await t.db.query(`SELECT status, amount_paid FROM claim WHERE contract_id = $1`, [
      contractId,
    ]);
    expect(claim).toEqual({ status: 'paid', amount_paid: '380000' });
    await check('5-wyplacona');
  });

  it('takes the renewal call from the team and completes it under "Moje zadania"', async () => {
    const scan = await t.http.post('/api/tasks/scan').set(t.as('admin')).send({});
    expect(scan.body.renewalCalls).toBe(1);
    await page.getByTestId('purpose-banner').getByRole('button', { name: 'Zmień cel' }).click();
    await page.waitForURL(/\/cel$/);
    await choosePurpose('wykonanie umowy');
    await page.getByRole('navigation').getByRole('link', { name: 'Moje zadania' }).click();
    await page.getByRole('heading', { name: 'Moje zadania', level: 1 }).waitFor();
    const team = page.getByTestId('team-tasks');
    await team.getByText('Telefon w sprawie odnowienia polisy').waitFor();
    await check('6-zadania');
    await team.getByRole('button', { name: 'Przypisz do mnie: Telefon w sprawie odnowienia polisy' }).click();
    const mine = page.getByTestId('my-tasks');
    await mine.getByText('Telefon w sprawie odnowienia polisy').waitFor();
    await mine
      .getByRole('button', { name: 'Oznacz jako wykonane: Telefon w sprawie odnowienia polisy' })
      .click();
    await page
      .getByRole('region', { name: 'Przypisane do mnie' })
      .getByText('Brak otwartych zadań.')
      .waitFor();
    const [task] = await t.db.query(
      `SELECT status, assignee_id::text AS assignee FROM task WHERE contract_id = $1 AND kind = 'renewal_call'`,
      [contractId],
    );
    expect(task).toEqual({ status: 'done', assignee: t.staff.broker.id });
    await check('7-zadanie-wykonane');
  });

  it('records a call on the client’s timeline, beside the completed task', async () => {
    await page.goto(`${base}/klienci/${clientId}`);
    await page.getByRole('tab', { name: 'Kontakty' }).click();
    const form = page.getByRole('region', { name: 'Dodaj rozmowę, spotkanie lub notatkę' });
    await form.getByLabel('Rodzaj kontaktu').selectOption('call');
    await form.getByLabel(/^Treść/).fill('Klient chce odnowić polisę z AC');
    await check('8-kontakt');
    await form.getByRole('button', { name: 'Zapisz kontakt' }).click();
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('Klient chce odnowić polisę z AC').waitFor();
    await timeline.getByText('rozmowa telefoniczna').waitFor();
    await timeline.getByText(/Telefon w sprawie odnowienia polisy \(wykonane/).waitFor();
    const [activity] = await t.db.query(`SELECT kind, purpose FROM client_activity WHERE client_id = $1`, [
      clientId,
    ]);
    expect(activity).toEqual({ kind: 'call', purpose: 'contract_performance' });
    await check('9-os-czasu');
    expect(problems).toEqual([]);
  });
});
