import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, chromium, Page } from 'playwright-core';
import { TestApp } from '../support/test-app';

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

/**
 * Serves the app on a free port and opens headless Chromium in Polish on it; the page may reach
 * nothing but the app itself.
 */
export async function openWorkplace(t: TestApp): Promise<WorkplaceBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package to run the browser test`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  await t.app.listen(0, '127.0.0.1');
  const port = (t.app.getHttpServer().address() as AddressInfo).port;
  const base = `http://${HOST_NAME}:${port}`;
  const browser = await chromium.launch({
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
  const problems: string[] = [];
  const foreign: string[] = [];
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
  return { browser, page, base, problems, foreign };
}

/** Photographs the screen into test/artifacts and lists axe-core's serious or critical violations. */
export async function seriousViolations(page: Page, file: string): Promise<string[]> {
  await page.screenshot({ path: join(ARTIFACTS, `${file}.png`), fullPage: true });
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
