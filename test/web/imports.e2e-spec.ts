import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { Browser, Page } from 'playwright-core';
import { clearRedisPrefix, startWorker } from '../support/messaging';
import { startTestApp, TestApp } from '../support/test-app';
import { ensureWebBuild } from '../support/web-build';
import { openWorkplace, seriousViolations, signIn } from './support';

/** The demo's sample book: persons, a company with its KRS, two insurers of the demo, a client without a policy. */
const SAMPLE = join(__dirname, '..', '..', 'docs', 'przyklad-importu.csv');

/**
 * "Import portfela" in headless Chromium, in Polish, with the worker running the jobs: the sample
 * file with two mistakes is checked and its errors listed by row and column with nothing stored and
 * no import offered; the sample itself is checked, imported with its progress and counts shown, and
 * imported again with nothing new. Every screen is checked with axe-core and photographed.
 */
describe('book import screen in headless Chromium', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let browser: Browser;
  let page: Page;
  let base: string;
  let problems: string[];
  let foreign: string[];
  let broken: string;

  async function check(name: string): Promise<void> {
    const serious = await seriousViolations(page, `imports-${name}`);
    expect({ screen: name, serious }).toEqual({ screen: name, serious: [] });
  }
  const counts = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*)::int FROM client) AS clients, (SELECT count(*)::int FROM contract) AS contracts`,
      )
    )[0] as { clients: number; contracts: number };
  /** Each row of a table's body as its cells' texts (a row's inner text separates cells by tabs). */
  const cellsOf = async (testId: string) =>
    (await page.getByTestId(testId).locator('tbody tr').allInnerTexts()).map((row) =>
      row.split('\t').map((cell) => cell.trim()),
    );
  async function choose(path: string): Promise<void> {
    await page.locator('input[type="file"]').setInputFiles(path);
    await page.getByText(path.split('/').pop()!).waitFor();
  }
  const count = (key: string) => page.locator(`[data-count="${key}"]`).textContent();

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp();
    // The demo's insurers the sample names by NIP.
    for (const [name, nip] of [
      ['Wisła Towarzystwo Ubezpieczeń S.A.', '5261002006'],
      ['Bałtyk Ubezpieczenia S.A.', '5832003000'],
    ]) {
      const res = await t.http
        .post('/api/insurers')
        .set(t.as('admin'))
        .send({ name, nip, dsrContactEmail: `iod@${nip}.example` });
      expect(res.status).toBe(201);
    }
    // The sample with a PESEL's check digit and the company's NIP check digit wrong.
    const sample = readFileSync(SAMPLE, 'utf8');
    const wrong = sample.replace('82031445218;;', '82031445219;;').replace('542-300-77-79', '542-300-77-78');
    expect(wrong).not.toBe(sample);
    broken = join(mkdtempSync(join(tmpdir(), 'import-')), 'portfel-z-bledami.csv');
    writeFileSync(broken, wrong);
    worker = await startWorker(t.config);
    ({ browser, page, base, problems, foreign } = await openWorkplace(t));
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
    if (t) await clearRedisPrefix(t.config);
  });

  it('offers the import in the menu under contract performance', async () => {
    await signIn(page, base, t.staff.broker.email);
    await page.getByRole('button', { name: 'Pracuj w tym celu: wykonanie umowy' }).click();
    await page.getByTestId('purpose-banner').getByText('Pracujesz w celu: wykonanie umowy').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Import portfela' }).click();
    await page.waitForURL(/\/import-portfela$/);
    await page.getByRole('heading', { name: 'Import portfela', level: 1 }).waitFor();
    await expect(page.getByRole('button', { name: 'Importuj' }).isDisabled()).resolves.toBe(true);
    await check('1-ekran');
  });

  it('lists a file’s errors by row and column, stores nothing and offers no import', async () => {
    const before = await counts();
    await choose(broken);
    await page.getByRole('button', { name: 'Sprawdź plik' }).click();
    await page.getByTestId('import-errors').waitFor();
    await page.getByText('Plik ma błędy: nic nie zapisano').waitFor();
    const rows = await cellsOf('import-errors');
    expect(rows.map(([row, column, , code]) => [row, column, code])).toEqual([
      ['2', 'pesel', 'INVALID_PESEL'],
      ['7', 'nip', 'INVALID_NIP'],
    ]);
    expect(rows[1][2]).toMatch(/^Nieprawidłowy NIP/);
    await page.getByTestId('import-progress').getByText('odrzucone: plik ma błędy').waitFor();
    await expect(page.getByRole('button', { name: 'Importuj' }).isDisabled()).resolves.toBe(true);
    expect(await counts()).toEqual(before);
    await check('2-bledy');
  });

  it('checks the sample file, imports it with its progress and counts, and a second import stores nothing', async () => {
    const before = await counts();
    await choose(SAMPLE);
    await page.getByRole('button', { name: 'Sprawdź plik' }).click();
    await page
      .getByTestId('import-checked')
      .getByText('Sprawdzono 6 wierszy bez błędów', { exact: false })
      .waitFor();
    expect(await counts()).toEqual(before);
    await check('3-sprawdzony');

    await page.getByRole('button', { name: 'Importuj' }).click();
    await page.getByTestId('import-result').waitFor();
    await page.getByTestId('import-progress').getByText('Import: zakończone').waitFor();
    await page.getByTestId('import-progress').getByText('Przetworzono 6 z 6 wierszy').waitFor();
    await expect(count('rows')).resolves.toBe('6');
    await expect(count('stored')).resolves.toBe('6');
    await expect(count('clientsCreated')).resolves.toBe('5');
    await expect(count('contractsCreated')).resolves.toBe('5');
    expect(await counts()).toEqual({ clients: before.clients + 5, contracts: before.contracts + 5 });
    const [company] = await t.db.query(
      `SELECT k.kind, k.krs FROM contract c JOIN client k ON k.id = c.client_id WHERE c.policy_number = 'BLT-MAJ-70021'`,
    );
    expect(company).toEqual({ kind: 'company', krs: '0000612345' });
    await check('4-zaimportowany');

    // The same file again: checked, imported, nothing new.
    await page.getByRole('button', { name: 'Sprawdź plik' }).click();
    await page.getByTestId('import-checked').waitFor();
    await page.getByRole('button', { name: 'Importuj' }).click();
    await page.getByTestId('import-result').waitFor();
    await expect(count('stored')).resolves.toBe('0');
    await expect(count('unchanged')).resolves.toBe('6');
    await expect(count('clientsCreated')).resolves.toBe('0');
    expect(await counts()).toEqual({ clients: before.clients + 5, contracts: before.contracts + 5 });
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
