import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { createClient } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { ensureWebBuild } from '../support/web-build';
import { openWorkplace, seriousViolations, signIn } from './support';

const CONTENT = Buffer.from(
  '%PDF-1.4\n% Polisa OC Zawadzka\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n',
  'latin1',
);

/**
 * The client's documents in Polish: a broker under contract performance opens the card's
 * "Dokumenty" tab, uploads a policy PDF with its category, sees it listed (name, category, size,
 * day) and downloads exactly the bytes uploaded. Every screen is checked with axe-core and
 * photographed into test/artifacts.
 */
describe('client documents in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let problems: string[];
  let foreign: string[];
  let clientId: string;

  async function check(name: string): Promise<void> {
    const serious = await seriousViolations(page, `documents-${name}`);
    expect({ screen: name, serious }).toEqual({ screen: name, serious: [] });
  }

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp();
    clientId = (await createClient(t, { firstName: 'Halina', lastName: 'Zawadzka' })).id;
    ({ browser, page, base, problems, foreign } = await openWorkplace(t));
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the Dokumenty tab, empty, under contract performance', async () => {
    await signIn(page, base, t.staff.broker.email);
    await page.getByRole('button', { name: 'Pracuj w tym celu: wykonanie umowy' }).click();
    await page.getByTestId('purpose-banner').getByText('Pracujesz w celu: wykonanie umowy').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Klienci' }).click();
    await page
      .getByRole('link', { name: /Zawadzka/ })
      .first()
      .click();
    await page.waitForURL(new RegExp(`/klienci/${clientId}$`));
    await page.getByRole('tab', { name: 'Dokumenty' }).click();
    await page.getByText('Brak dokumentów widocznych w tym celu.').waitFor();
    await check('1-pusta-lista');
  });

  it('uploads a policy with its category and lists it', async () => {
    const form = page.getByTestId('document-upload');
    await form.getByRole('button', { name: 'Dodaj' }).isDisabled();
    await form.getByLabel(/^Kategoria/).click();
    await page.getByRole('option', { name: 'Polisa' }).click();
    await form.locator('input[type="file"]').setInputFiles({
      name: 'Polisa OC – Zawadzka.pdf',
      mimeType: 'application/pdf',
      buffer: CONTENT,
    });
    await check('2-formularz');
    await form.getByRole('button', { name: 'Dodaj', exact: true }).click();
    await page.getByText('Dokument dodany.').waitFor();
    const row = page.getByTestId('documents-table').locator('tbody tr');
    await row.first().waitFor();
    await expect(row.count()).resolves.toBe(1);
    await row.getByText('Polisa OC – Zawadzka.pdf').waitFor();
    await row.getByRole('cell', { name: 'Polisa', exact: true }).waitFor();
    await row.getByText(`${CONTENT.length} B`).waitFor();
    // The day of the upload as dd.mm.rrrr in the broker's calendar.
    const [y, m, d] = t.app.get(BrokerClock).today().split('-');
    await expect(row.locator('td').nth(3).textContent()).resolves.toBe(`${d}.${m}.${y}`);
    const stored = await t.http
      .get(`/api/clients/${clientId}/documents`)
      .set(t.as('broker', 'contract_performance'));
    expect(stored.body.items).toEqual([
      expect.objectContaining({
        category: 'policy',
        fileName: 'Polisa OC – Zawadzka.pdf',
        size: CONTENT.length,
      }),
    ]);
    await check('3-lista');
  });

  it('downloads exactly the bytes uploaded', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Pobierz Polisa OC – Zawadzka.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Polisa OC – Zawadzka.pdf');
    const path = await download.path();
    expect(readFileSync(path).equals(CONTENT)).toBe(true);
    // Recorded as a read of the content, under the purpose, by the broker.
    await t.sealNow();
    const entries = await t.db.query(
      `SELECT action, purpose, outcome FROM audit_entry WHERE resource = 'document_content' AND $1::uuid = ANY(client_ids)`,
      [clientId],
    );
    expect(entries).toEqual([{ action: 'read', purpose: 'contract_performance', outcome: 'allowed' }]);
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
