import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { TestApp, TEST_PASSWORD } from '../support/test-app';

export const CHROMIUM = '/usr/bin/chromium';
/** A host name that is not loopback to the browser (it resolves to 127.0.0.1 by a launch flag). */
export const HOST_NAME = 'consentry.test';
export const ARTIFACTS = join(__dirname, '..', 'artifacts');

export interface WorkplaceBrowser {
  browser: Browser;
  page: Page;
  base: string;
  /** Script errors, CSP violations and 5xx answers seen by the page. */
  problems: string[];
  /** Addresses outside the app the page tried to reach (each was refused). */
  foreign: string[];
}

/** Serves the app on a free port; the address the browser uses for it. */
export async function serveApp(t: TestApp): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await t.app.listen(0, '127.0.0.1');
  const port = (t.app.getHttpServer().address() as AddressInfo).port;
  return `http://${HOST_NAME}:${port}`;
}

/** Headless Chromium that cannot reach the network and resolves HOST_NAME to loopback. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package to run the browser test`);
  }
  return chromium.launch({
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
}

/**
 * A page of its own (own cookies and storage) in Polish that may reach nothing but the app; what
 * goes wrong is pushed to `problems` and `foreign`.
 */
export async function openPage(
  browser: Browser,
  base: string,
  problems: string[],
  foreign: string[],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'pl-PL' });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    // Refusals a scenario provokes are logged by the browser as failed loads; server errors are
    // caught below by status instead.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 500) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  return { context, page };
}

/**
 * Serves the app on a free port and opens headless Chromium in Polish on it; the page may reach
 * nothing but the app itself.
 */
export async function openWorkplace(t: TestApp): Promise<WorkplaceBrowser> {
  const base = await serveApp(t);
  const browser = await launchChromium();
  const problems: string[] = [];
  const foreign: string[] = [];
  const { page } = await openPage(browser, base, problems, foreign);
  return { browser, page, base, problems, foreign };
}

/** Signs in on the sign-in page and waits for the purpose to be asked. */
export async function signIn(
  page: Page,
  base: string,
  email: string,
  password = TEST_PASSWORD,
): Promise<void> {
  await page.goto(`${base}/logowanie`);
  await page.getByLabel('E-mail służbowy').fill(email);
  await page.getByLabel('Hasło').fill(password);
  await page.getByRole('button', { name: 'Zaloguj' }).click();
  await page.waitForURL(/\/cel$/);
}

/**
 * Waits (at most 2 s) for the page's running transitions to end, such as a notification fading in
 * or out: axe reads colours as they are at that moment, and a half-faded text fails a contrast
 * check that it passes at rest. Endless animations (a loader) are not waited for.
 */
async function transitionsEnded(page: Page): Promise<void> {
  await page.evaluate(async () => {
    type Running = { finished: Promise<unknown>; effect: { getTiming(): { iterations?: number } } | null };
    const doc = (globalThis as unknown as { document: { getAnimations(): Running[] } }).document;
    const finite = doc.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
    await Promise.race([
      Promise.allSettled(finite.map((a) => a.finished)),
      new Promise((resolve) => setTimeout(resolve, 2_000)),
    ]);
  });
}

/** Photographs the screen into test/artifacts and lists axe-core's serious or critical violations. */
export async function seriousViolations(page: Page, file: string): Promise<string[]> {
  await transitionsEnded(page);
  await page.screenshot({ path: join(ARTIFACTS, `${file}.png`), fullPage: true });
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * Picks an option of a select by its label. The dropdown is opened again when it closed before the
 * option could be clicked (a list refetched after the previous step re-renders the form).
 */
export async function chooseOption(page: Page, select: string, option: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.getByRole('combobox', { name: select }).click();
    try {
      await page.getByRole('option', { name: option }).click({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/**
 * Waits for what a step should show; when it does not come, the failure names what the screen shows
 * instead (alerts, field errors, the server errors seen) and the screen is photographed, so a step
 * that fails only on a loaded machine can be told apart from a wrong answer.
 */
export async function waitForOrExplain(
  page: Page,
  expected: Locator,
  step: string,
  problems: string[],
  timeout = 30_000,
): Promise<void> {
  try {
    await expected.waitFor({ timeout });
  } catch (error) {
    const shown = await page
      .locator('[role="alert"], .mantine-InputWrapper-error')
      .allTextContents()
      .catch(() => [] as string[]);
    await page
      .screenshot({ path: join(ARTIFACTS, `failed-${step}.png`), fullPage: true })
      .catch(() => undefined);
    throw new Error(
      `${step}: ${(error as Error).message.split('\n')[0]}; on screen: ${JSON.stringify(shown)}; server errors: ${JSON.stringify(problems)}`,
    );
  }
}

/**
 * Picks an option of a select found by its label, and waits until the select shows it: an option
 * clicked while the dropdown was closing, or a form re-rendered by a refetch, is tried again.
 */
export async function pickOptionByLabel(page: Page, label: RegExp | string, option: string): Promise<void> {
  const input = page.getByLabel(label).first();
  for (let attempt = 1; ; attempt++) {
    await input.click();
    try {
      await page.getByRole('option', { name: option }).click({ timeout: 10_000 });
      for (let i = 0; i < 20 && (await input.inputValue()) !== option; i++) await page.waitForTimeout(100);
      if ((await input.inputValue()) === option) return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
    if (attempt === 3)
      throw new Error(`${String(label)} shows "${await input.inputValue()}", not "${option}"`);
  }
}

/**
 * Waits until an input shows the expected value. `inputValue()` reads once, and values that a form
 * sets from a query's answer or from another field arrive a render later than the text around them.
 */
export async function expectValue(input: Locator, expected: string, timeout = 10_000): Promise<void> {
  const until = Date.now() + timeout;
  let shown = await input.inputValue();
  while (shown !== expected && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    shown = await input.inputValue();
  }
  expect(shown).toBe(expected);
}
