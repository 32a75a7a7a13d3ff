import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { UnsubscribeLinks } from '../src/mailings';
import { createClient, grantConsent } from './support/fixtures';
import { startTestApp, TEST_PASSWORD, TestApp } from './support/test-app';

const CHROMIUM = '/usr/bin/chromium';
/** A host name that is not loopback to the browser (it resolves to 127.0.0.1 by a launch flag). */
const HOST_NAME = 'consentry.test';
const ARTIFACTS = join(__dirname, 'artifacts');

/** The few DOM calls the page functions make (the tests compile without DOM types). */
interface PageDocument {
  querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }>;
  getElementById(id: string): { textContent: string | null } | null;
}

/**
 * Waits until the record's table shows `n` rows. Page functions are passed as functions, not
 * strings: the page's content security policy forbids evaluating strings.
 */
function rowCount(page: Page, n: number): Promise<unknown> {
  return page.waitForFunction(
    (expected) =>
      (globalThis as unknown as { document: PageDocument }).document.querySelectorAll('#entries tbody tr')
        .length === expected,
    n,
  );
}

/**
 * The managers' console in a real browser (Debian's Chromium, headless): sign in, filter by a
 * client, page, open an entry, verify the chain, look for anomalies, download CSV. The page may
 * reach nothing but the app itself.
 */
describe('managers console in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let hostBase: string;
  let clientA: string;
  let clientB: string;
  const problems: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium package (scripts/ci-extra-setup.sh does it) to run the browser test`,
      );
    }
    t = await startTestApp();
    clientA = (await createClient(t)).id;
    clientB = (await createClient(t)).id;
    expect(
      (await t.http.get(`/api/clients/${clientA}`).set(t.as('broker', 'contract_performance'))).status,
    ).toBe(200);
    // Sixty more operations on client B, enough for two pages of fifty.
    await t.db.query(
      `INSERT INTO audit_entry (at, actor_id, actor_role, purpose, action, resource, resource_id, client_ids, fields, outcome)
       SELECT now() - g * interval '1 minute', $1::uuid, 'broker', 'claims', 'read', 'client', $2::text, ARRAY[$2::uuid], '{lastName}', 'allowed'
         FROM generate_series(1, 60) g`,
      [t.staff.broker.id, clientB],
    );
    await t.app.listen(0, '127.0.0.1');
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
    hostBase = `http://${HOST_NAME}:${port}`;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--host-resolver-rules=MAP ${HOST_NAME} 127.0.0.1`,
      ],
    });
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      acceptDownloads: true,
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (
        url.startsWith(base) ||
        url.startsWith(hostBase) ||
        url.startsWith('blob:') ||
        url.startsWith('data:')
      )
        return route.continue();
      foreign.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves the page, its script and style from the app, under a same-origin script policy', async () => {
    const res = await t.http.get('/console');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    // No inline script: every <script> loads a same-origin file.
    const scripts = res.text.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    expect(scripts).toEqual(['<script src="/console/app.js" defer></script>']);
    expect(res.text).not.toMatch(/https?:\/\//);
    expect((await t.http.get('/console/app.js')).headers['content-type']).toMatch(/^text\/javascript/);
    expect((await t.http.get('/console/app.css')).headers['content-type']).toMatch(/^text\/css/);
  });

  it('signs in as the manager, filters by a client, pages, opens an entry, verifies and downloads', async () => {
    await page.goto(`${base}/console`);
    await page.fill('#sign-in-form input[name=email]', t.staff.manager.email);
    await page.fill('#sign-in-form input[name=password]', TEST_PASSWORD);
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#workspace', { state: 'visible' });
    expect(await page.textContent('#who')).toBe('manager@demo.local (manager)');

    // Filter by client A: its creation and one read by the broker, newest first.
    await page.fill('#filters input[name=clientId]', clientA);
    await page.click('#apply-filters');
    await page.waitForFunction((id) => {
      const cells = Array.from(
        (globalThis as unknown as { document: PageDocument }).document.querySelectorAll(
          '#entries tbody tr td:nth-child(7)',
        ),
      );
      return cells.length > 0 && cells.every((td) => (td.getAttribute('title') ?? '').includes(id));
    }, clientA);
    const expected = await t.db.query(
      `SELECT id::text AS id, action FROM audit_entry WHERE client_ids @> ARRAY[$1::uuid] ORDER BY at DESC, id DESC`,
      [clientA],
    );
    expect(expected.map((r: { action: string }) => r.action)).toEqual(['read', 'create']);
    const rows = await page.$$eval('#entries tbody tr', (trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-id'),
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
      })),
    );
    expect(rows.map((r) => r.id)).toEqual(expected.map((r: { id: string }) => r.id));
    expect(rows.map((r) => [r.cells[2], r.cells[3], r.cells[4], r.cells[8]])).toEqual([
      ['Bartosz Broker · broker', 'contract_performance', 'read', 'allowed'],
      ['Bartosz Broker · broker', 'offer_preparation', 'create', 'allowed'],
    ]);

    // Open the read: the detail shows the whole entry, identifiers and field names only.
    await page.click(`#entries tbody tr[data-id="${rows[0].id}"]`);
    await page.waitForSelector('#entry-detail', { state: 'visible' });
    const detail = (await page.textContent('#entry-detail-fields')) ?? '';
    expect(detail).toContain(clientA);
    expect(detail).toContain('contract_performance');
    expect(detail).toContain(t.staff.broker.id);
    expect(detail).not.toMatch(/Zofia|Testowa|example\.com/);

    // Client B has 61 entries: fifty on the first page, eleven on the second, and back.
    await page.fill('#filters input[name=clientId]', clientB);
    await page.click('#apply-filters');
    await rowCount(page, 50);
    expect(await page.isDisabled('#next-page')).toBe(false);
    const firstPageTop = await page.getAttribute('#entries tbody tr:first-child', 'data-id');
    await page.click('#next-page');
    await rowCount(page, 11);
    expect(await page.textContent('#page-info')).toBe('Page 2');
    expect(await page.isDisabled('#next-page')).toBe(true);
    await page.click('#prev-page');
    await rowCount(page, 50);
    expect(await page.getAttribute('#entries tbody tr:first-child', 'data-id')).toBe(firstPageTop);

    // Download the filtered record as CSV.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    expect(download.suggestedFilename()).toMatch(/^access-log-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,at,actorId,actorName,/);
    expect(lines).toHaveLength(62);

    // Verify the chain.
    await page.click('#verify');
    await page.waitForSelector('#verify-result.ok, #verify-result.bad, #verify-result.warn');
    expect(await page.getAttribute('#verify-result', 'class')).toBe('ok');
    expect(await page.textContent('#verify-result')).toMatch(/Chain intact: \d+ entries checked/);

    // Anomalies over the last week: the CSV download just made is one.
    await page.click('#load-anomalies');
    await page.waitForSelector('#anomaly-list li');
    expect(await page.textContent('#anomaly-summary')).toMatch(/\d+ exports/);
    expect(
      await page.$$eval('#anomaly-list li[data-kind="export"]', (items) => items.length),
    ).toBeGreaterThanOrEqual(1);

    // Back to client A for the picture.
    await page.fill('#filters input[name=clientId]', clientA);
    await page.click('#apply-filters');
    await rowCount(page, 2);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'console.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'console.png'))).toBe(true);

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('works under a host name over plain HTTP: the console runs its script and the unsubscribe button withdraws', async () => {
    const other = await browser.contexts()[0].newPage();
    const seen: string[] = [];
    other.on('pageerror', (error) => seen.push(`page: ${error.message}`));
    other.on('console', (message) => {
      if (message.type() === 'error') seen.push(`console: ${message.text()}`);
    });
    try {
      await other.goto(`${hostBase}/console`);
      await other.fill('#sign-in-form input[name=email]', t.staff.manager.email);
      await other.fill('#sign-in-form input[name=password]', TEST_PASSWORD);
      await other.click('#sign-in-form button[type=submit]');
      await other.waitForSelector('#workspace', { state: 'visible', timeout: 10_000 });
      expect(await other.textContent('#who')).toBe('manager@demo.local (manager)');

      await grantConsent(t, clientB, 'marketing', 'email');
      const link = new URL(
        t.app.get(UnsubscribeLinks).link({ clientId: clientB, purpose: 'marketing', channel: 'email' }),
      );
      await other.goto(`${hostBase}/api/unsubscribe${link.search}`);
      await Promise.all([
        other.waitForURL(`${hostBase}/api/unsubscribe**`, { waitUntil: 'load' }),
        other.click('form button[type=submit]'),
      ]);
      expect(await other.textContent('h1')).toBe('Wypisano');
      const [consent] = await t.db.query(
        `SELECT count(*)::int AS n FROM consent WHERE client_id = $1 AND purpose = 'marketing' AND channel = 'email' AND withdrawn_at IS NOT NULL`,
        [clientB],
      );
      expect(consent.n).toBe(1);
    } finally {
      await other.close();
    }
    expect(seen).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('refuses a role that may not review the record', async () => {
    const other = await browser.newPage();
    try {
      await other.goto(`${base}/console`);
      await other.fill('#sign-in-form input[name=email]', t.staff.broker.email);
      await other.fill('#sign-in-form input[name=password]', TEST_PASSWORD);
      await other.click('#sign-in-form button[type=submit]');
      await other.waitForFunction(
        () =>
          (
            (globalThis as unknown as { document: PageDocument }).document.getElementById('sign-in-error')
              ?.textContent ?? ''
          ).length > 0,
      );
      expect(await other.textContent('#sign-in-error')).toContain('your role is broker');
      expect(await other.isVisible('#workspace')).toBe(false);
    } finally {
      await other.close();
    }
  });
});
