import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { UnsubscribeLinks } from '../../src/mailings';
import { createClient, grantConsent } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { ensureWebBuild } from '../support/web-build';
import {
  launchChromium,
  openPage,
  seriousViolations,
  serveApp,
  signIn as signInAs,
  expectValue,
} from './support';

/** Rows of the record's table as the manager reads them: [time, who, purpose, operation, on, client, fields, outcome]. */
async function tableRows(page: Page): Promise<string[][]> {
  return page
    .locator('[data-testid="record-entries"] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

/** Waits until the record's table shows exactly `n` rows. */
async function rowCount(page: Page, n: number): Promise<void> {
  const rows = page.locator('[data-testid="record-entries"] tbody tr');
  await rows.nth(n - 1).waitFor();
  await rows.nth(n).waitFor({ state: 'detached' });
}

/**
 * "Rejestr operacji" in the staff workplace, in headless Chromium and in Polish: a manager finds who
 * read a client starting from the client's name (the lookup gives the id, the record shows the
 * broker by name), opens an entry, checks the chain, downloads the CSV and looks for anomalies. A
 * broker gets neither the menu entry nor the record. Every screen is checked with axe-core and
 * photographed into test/artifacts.
 */
describe('record of operations in the workplace (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let wisniewska: { id: string; body: Record<string, unknown> };
  let other: { id: string; body: Record<string, unknown> };
  const problems: string[] = [];
  const foreign: string[] = [];

  async function check(page: Page, name: string): Promise<void> {
    const serious = await seriousViolations(page, `rejestr-${name}`);
    expect({ screen: name, serious }).toEqual({ screen: name, serious: [] });
  }

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp();
    wisniewska = await createClient(t, { firstName: 'Anna', lastName: 'Wiśniewska' });
    other = await createClient(t, { firstName: 'Jan', lastName: 'Kowalski' });
    // The broker reads Mrs Wiśniewska under the contract's performance, and someone else's client.
    for (const id of [wisniewska.id, other.id]) {
      const read = await t.http.get(`/api/clients/${id}`).set(t.as('broker', 'contract_performance'));
      expect(read.status).toBe(200);
    }
    base = await serveApp(t);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves the record as a page of the app, under the same-origin script policy with no inline script', async () => {
    const page = await t.http.get('/rejestr-operacji');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    // Every <script> loads a same-origin file; nothing is fetched from another host.
    const scripts = page.text.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts)
      expect(script).toMatch(/^<script\b[^>]*\bsrc="\/assets\/[^"]+\.js"[^>]*><\/script>$/);
    expect(page.text).not.toMatch(/(src|href)="https?:\/\//);
    // The old console's address is just another deep link of the app now.
    expect((await t.http.get('/console')).text).toBe(page.text);
    expect((await t.http.get('/console/app.js')).status).toBe(404);
  });

  it('a manager finds who read Mrs Wiśniewska, starting from her name', async () => {
    const { context, page } = await openPage(browser, base, problems, foreign);
    await signInAs(page, base, t.staff.manager.email);
    await page.getByRole('button', { name: 'Pracuj w tym celu: audyt bezpieczeństwa' }).click();
    await page.waitForURL(/\/rejestr-operacji$/);
    await page.getByRole('heading', { name: 'Rejestr operacji', level: 1 }).waitFor();
    await expect(page.getByRole('link', { name: 'Rejestr operacji' }).count()).resolves.toBe(1);
    await page.locator('[data-testid="record-entries"] tbody tr').first().waitFor();
    await check(page, '1-rejestr');

    // The lookup by name gives her id (no name or PESEL comes back), and is itself recorded.
    await page.getByRole('textbox', { name: 'Imię i nazwisko, nazwa firmy lub PESEL' }).fill('Wiśniewska');
    await page.getByRole('button', { name: 'Znajdź klienta' }).click();
    const results = page.getByTestId('lookup-results');
    await results.getByText('Znaleziono 1 klienta (według nazwy)').waitFor();
    await expect(results.locator('[data-client-id]').getAttribute('data-client-id')).resolves.toBe(
      wisniewska.id,
    );
    expect(await results.textContent()).not.toContain('Anna');
    await check(page, '2-znajdz-klienta');

    // Her operations, newest first: the lookup just made, the broker's read and the broker's create.
    await page.getByRole('button', { name: `Pokaż operacje klienta ${wisniewska.id}` }).click();
    await expectValue(page.getByRole('textbox', { name: 'Identyfikator klienta' }), wisniewska.id);
    await rowCount(page, 3);
    const expected = await t.db.query(
      `SELECT id::text, action FROM audit_entry WHERE client_ids @> ARRAY[$1::uuid] ORDER BY at DESC, id DESC`,
      [wisniewska.id],
    );
    expect(expected.map((r: { action: string }) => r.action)).toEqual(['lookup', 'read', 'create']);
    const rows = await tableRows(page);
    expect(rows.map((r) => [r[1], r[2], r[3], r[7]])).toEqual([
      ['Maciej Manager · kierownik', 'audyt bezpieczeństwa', 'wyszukanie klienta', 'dozwolono'],
      ['Bartosz Broker · broker', 'wykonanie umowy', 'odczyt', 'dozwolono'],
      ['Bartosz Broker · broker', 'przygotowanie oferty', 'utworzenie', 'dozwolono'],
    ]);
    expect(rows.every((r) => r[5].startsWith(wisniewska.id.slice(0, 8)))).toBe(true);
    expect(rows[0][6]).toBe('companyName, firstName, lastName');
    const tableText = (await page.getByTestId('record-entries').textContent())!;
    expect(tableText).not.toMatch(/Anna|Wiśniewska|example\.com/);
    await check(page, '3-operacje-klienta');

    // Only reads: the operation filter.
    await page.getByRole('combobox', { name: 'Operacja' }).click();
    await page.getByRole('option', { name: 'odczyt', exact: true }).click();
    await page.getByRole('button', { name: 'Filtruj', exact: true }).click();
    await rowCount(page, 1);
    expect((await tableRows(page))[0][1]).toBe('Bartosz Broker · broker');

    // The read's detail: the whole entry, identifiers and field names only.
    const readId = expected[1].id as string;
    await page.getByRole('button', { name: `Szczegóły wpisu nr ${readId}` }).click();
    const dialog = page.getByRole('dialog', { name: `Wpis nr ${readId}` });
    await dialog.getByTestId('entry-detail').waitFor();
    const detail = (await dialog.textContent())!;
    expect(detail).toContain('Bartosz Broker · broker');
    expect(detail).toContain(t.staff.broker.id);
    expect(detail).toContain(wisniewska.id);
    expect(detail).toContain('wykonanie umowy');
    expect(detail).toContain('firstName');
    expect(detail).not.toMatch(/Anna|Wiśniewska|example\.com/);
    expect(detail).not.toContain(String(wisniewska.body.pesel));
    await check(page, '4-szczegoly-wpisu');
    await dialog.getByRole('button', { name: 'Zamknij' }).last().click();
    await dialog.waitFor({ state: 'hidden' });

    // The actor filter, by name: the broker's operations on her (the read).
    await page.getByRole('combobox', { name: 'Kto' }).click();
    await page.getByRole('option', { name: 'Bartosz Broker · broker' }).click();
    await page.getByRole('button', { name: 'Filtruj', exact: true }).click();
    await rowCount(page, 1);
    const [entriesOfBroker] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE actor_id = $1 AND action = 'read' AND client_ids @> ARRAY[$2::uuid]`,
      [t.staff.broker.id, wisniewska.id],
    );
    expect(entriesOfBroker.n).toBe(1);

    // The chain.
    await page.getByRole('button', { name: 'Sprawdź integralność' }).click();
    const verdict = page.getByTestId('integrity-result');
    await verdict.waitFor();
    await expect(verdict.getAttribute('data-state')).resolves.toBe('ok');
    expect(await verdict.textContent()).toMatch(/Łańcuch wpisów jest nienaruszony: sprawdzono \d+ wpisów\./);
    await check(page, '5-integralnosc');

    // The CSV of what the filters show: her one read by the broker, with the broker's name.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Pobierz CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^access-log-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,at,actorId,actorName,actorRole,purpose,action,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,${t.staff.broker.id},Bartosz Broker,broker,contract_performance,read,`);
    expect(csv).not.toMatch(/Anna|Wiśniewska/);

    // Anomalies over the last week: the export just made is one, by the manager.
    await page.getByRole('button', { name: 'Szukaj anomalii' }).click();
    await page.getByTestId('anomaly-summary').waitFor();
    expect(await page.getByTestId('anomaly-summary').textContent()).toMatch(/eksport \d+/);
    const exportFinding = page.locator('[data-testid="anomalies"] li[data-kind="export"]').first();
    expect(await exportFinding.textContent()).toContain('Maciej Manager · kierownik');
    await check(page, '6-anomalie');

    // Back to her whole record for the picture, in English too.
    await page.getByRole('button', { name: 'Wyczyść filtry' }).click();
    await page.getByRole('textbox', { name: 'Identyfikator klienta' }).fill(wisniewska.id);
    await page.getByRole('button', { name: 'Filtruj', exact: true }).click();
    await page
      .locator('[data-testid="record-entries"] tbody tr')
      .nth(3 - 1)
      .waitFor();
    await check(page, '7-klientka');
    await page.locator('label', { hasText: 'English' }).click();
    await page.getByRole('heading', { name: 'Record of operations', level: 1 }).waitFor();
    expect((await tableRows(page)).some((r) => r[1] === 'Bartosz Broker · broker' && r[3] === 'read')).toBe(
      true,
    );
    await check(page, '8-english');
    await context.close();

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    // Eight screens, each checked by axe-core: slow on a busy machine.
  }, 300_000);

  it('gives a broker no menu entry and no record, and asks the API nothing for it', async () => {
    const { context, page } = await openPage(browser, base, problems, foreign);
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/access-logs')) asked.push(request.url());
    });
    await signInAs(page, base, t.staff.broker.email);
    await page.getByRole('button', { name: 'Pracuj w tym celu: przygotowanie oferty' }).click();
    await page.waitForURL(/\/klienci$/);
    await expect(page.getByRole('link', { name: 'Rejestr operacji' }).count()).resolves.toBe(0);
    await page.goto(`${base}/rejestr-operacji`);
    await page
      .getByRole('alert')
      .filter({ hasText: 'Rejestr operacji przeglądają kierownik i IOD' })
      .waitFor();
    await check(page, '9-broker');
    expect(asked).toEqual([]);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('works under a host name over plain HTTP: the unsubscribe button withdraws the consent', async () => {
    const { context, page } = await openPage(browser, base, problems, foreign);
    await grantConsent(t, other.id, 'marketing', 'email');
    const link = new URL(
      t.app.get(UnsubscribeLinks).link({ clientId: other.id, purpose: 'marketing', channel: 'email' }),
    );
    await page.goto(`${base}/api/unsubscribe${link.search}`);
    await Promise.all([
      page.waitForURL(`${base}/api/unsubscribe**`, { waitUntil: 'load' }),
      page.click('form button[type=submit]'),
    ]);
    expect(await page.textContent('h1')).toBe('Wypisano');
    const [consent] = await t.db.query(
      `SELECT count(*)::int AS n FROM consent WHERE client_id = $1 AND purpose = 'marketing' AND channel = 'email' AND withdrawn_at IS NOT NULL`,
      [other.id],
    );
    expect(consent.n).toBe(1);
    await context.close();
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
