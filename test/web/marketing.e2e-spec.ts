import { INestApplicationContext } from '@nestjs/common';
import { Browser, Page } from 'playwright-core';
import { createClient, grantConsent } from '../support/fixtures';
import { clearRedisPrefix, startWorker, waitFor } from '../support/messaging';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
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

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * The marketing and portfolio screens in headless Chromium, in Polish: a marketer takes a campaign
 * from a draft (its audience counted before launch, a preview, a test mail to themself) to a
 * launch whose mails reach a real SMTP server, sent by a worker, and cancels another draft; an
 * administrator creates a team; a broker opens a client of another team by emergency access, with
 * a reason. Every screen is checked with axe-core (no serious or critical violation) and
 * photographed into test/artifacts.
 */
describe('marketing and portfolio screens in headless Chromium', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let worker: INestApplicationContext | null = null;
  let browser: Browser;
  let base: string;
  const problems: string[] = [];
  const foreign: string[] = [];
  const consenting: string[] = [];

  async function check(page: Page, name: string): Promise<void> {
    const serious = await seriousViolations(page, `marketing-${name}`);
    expect({ screen: name, serious }).toEqual({ screen: name, serious: [] });
  }

  const newPage = () => openPage(browser, base, problems, foreign);
  const signIn = (page: Page, email: string) => signInAs(page, base, email);

  beforeAll(async () => {
    ensureWebBuild();
    sink = await startSmtpSink();
    t = await startTestApp({
      SMTP_URL: sink.url,
      MAIL_RETRY_DELAY_MS: '100',
      MAIL_SEND_ATTEMPTS: '3',
    });
    // Three clients with an e-mail marketing consent, two without any.
    for (const firstName of ['Anna', 'Bartosz', 'Celina']) {
      const client = await createClient(t, { firstName });
      await grantConsent(t, client.id, 'marketing', 'email');
      consenting.push(client.body.email as string);
    }
    for (const firstName of ['Dariusz', 'Ewa']) await createClient(t, { firstName });
    worker = await startWorker(t.config);
    base = await serveApp(t);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
    await sink?.close();
    if (t) await clearRedisPrefix(t.config);
  });

  it('takes a campaign from a draft to a launch whose mails reach the SMTP server', async () => {
    const { context, page } = await newPage();
    await signIn(page, t.staff.marketing.email);
    await page.getByRole('button', { name: 'Pracuj w tym celu: marketing' }).click();
    await page.waitForURL(/\/kampanie$/);
    await page.getByRole('heading', { name: 'Kampanie', level: 1 }).waitFor();
    await page.getByText('Nie ma jeszcze kampanii.').waitFor();
    await check(page, '1-kampanie-pusta');

    await page.getByRole('link', { name: 'Nowa kampania' }).click();
    await page.waitForURL(/\/kampanie\/nowa$/);
    await page.getByRole('textbox', { name: 'Nazwa', exact: true }).fill('Jesienne oferty');
    await page.getByRole('textbox', { name: 'Temat', exact: true }).fill('Oferty dla {{firstName}}');
    await page
      .getByRole('textbox', { name: 'Treść wiadomości' })
      .fill('<p>Dzień dobry {{firstName}} {{lastName}},</p><p>mamy nowe oferty.</p>');
    await expect(page.getByText('{{firstName}}, {{lastName}}').count()).resolves.toBe(1);
    await check(page, '2-nowa-kampania');
    await page.getByRole('button', { name: 'Zapisz szkic' }).click();

    // The draft: its audience counted before launch, with Polish plural forms.
    await page.waitForURL(new RegExp(`/kampanie/${UUID.source}$`));
    const campaignId = page.url().split('/').pop()!;
    const eligible = page.getByTestId('audience-eligible');
    await eligible.waitFor();
    const api = await t.http.get(`/api/campaigns/${campaignId}`).set(t.as('marketing', 'marketing'));
    expect(api.body.audience.eligible).toBe(3);
    await expect(eligible.getAttribute('data-count')).resolves.toBe('3');
    await expect(eligible.textContent()).resolves.toBe('Kampania trafi do 3 osób');
    await expect(page.getByTestId('excluded-noConsent').textContent()).resolves.toBe('2 osoby');
    await expect(page.getByTestId('excluded-objection').textContent()).resolves.toBe('0 osób');
    await expect(page.getByTestId('campaign-status').textContent()).resolves.toBe('szkic');

    // The preview is the text part, shown as text: no element of the mail's HTML enters the page.
    await page.getByRole('button', { name: 'Podgląd' }).click();
    const preview = page.getByTestId('preview');
    await preview.waitFor();
    const previewText = (await preview.textContent())!;
    expect(previewText).toMatch(/Temat: Oferty dla (Anna|Bartosz|Celina)/);
    expect(previewText).toMatch(/Dzień dobry (Anna|Bartosz|Celina) Testowa\d+/);
    expect(previewText).not.toContain('<p>');
    await expect(preview.locator('p:has-text("mamy nowe oferty")').count()).resolves.toBe(0);

    // The test mail goes to the marketer only, and the page says where.
    await page.getByRole('button', { name: 'Wyślij test do mnie' }).click();
    await page.getByTestId('test-sent').waitFor();
    await expect(page.getByTestId('test-sent').textContent()).resolves.toContain(t.staff.marketing.email);
    await waitFor('the test mail', async () => (sink.mails.length > 0 ? true : null));
    expect(sink.mails.map((m) => m.to)).toEqual([[t.staff.marketing.email]]);
    expect(sink.mails[0].headers.get('subject')).toMatch(/^\[TEST\] /);
    await check(page, '3-szkic');

    // Launch, after a confirmation.
    await page.getByRole('button', { name: 'Uruchom' }).click();
    const dialog = page.getByRole('dialog', { name: 'Uruchomić kampanię?' });
    await dialog.getByText('Wiadomość zostanie wysłana do 3 osób.').waitFor();
    await check(page, '4-potwierdzenie');
    await dialog.getByRole('button', { name: 'Tak, uruchom' }).click();

    // Live progress until the worker has sent everything, then the recipients with their statuses.
    await page.getByTestId('progress').waitFor();
    await page.getByTestId('campaign-status').filter({ hasText: 'zakończona' }).waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('progress-counts').textContent()).resolves.toBe(
      'Wysłane 3, pominięte 0, błędy 0 z 3',
    );
    await expect(page.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('100');
    const rows = page.locator('[data-testid="recipients-table"] tbody tr');
    await rows.nth(2).waitFor();
    await expect(rows.count()).resolves.toBe(3);
    const recipientsText = (await page.getByTestId('recipients-table').textContent())!;
    expect(recipientsText.match(new RegExp(UUID.source, 'g'))).toHaveLength(3);
    expect(recipientsText).not.toMatch(/@example\.com|Anna|Bartosz|Celina/);
    await check(page, '5-wysylka');

    const campaignMails = sink.mails.filter((m) => !m.headers.get('subject')!.startsWith('[TEST] '));
    expect(campaignMails).toHaveLength(api.body.audience.eligible);
    expect(campaignMails.map((m) => m.to[0]).sort()).toEqual([...consenting].sort());
    expect(sink.to(t.staff.marketing.email)).toHaveLength(1);

    // A finished campaign has nothing left to cancel.
    await expect(page.getByRole('button', { name: 'Anuluj kampanię', exact: true }).count()).resolves.toBe(0);

    // A second draft, cancelled after a confirmation: it can no longer be launched.
    await page.getByRole('link', { name: 'Kampanie' }).first().click();
    await page.getByRole('link', { name: 'Nowa kampania' }).click();
    await page.waitForURL(/\/kampanie\/nowa$/);
    await page.getByRole('textbox', { name: 'Nazwa', exact: true }).fill('Zimowe przypomnienie');
    await page.getByRole('textbox', { name: 'Temat', exact: true }).fill('Zima dla {{firstName}}');
    await page.getByRole('textbox', { name: 'Treść wiadomości' }).fill('<p>Dzień dobry {{firstName}}</p>');
    await page.getByRole('button', { name: 'Zapisz szkic' }).click();
    await page.waitForURL(new RegExp(`/kampanie/${UUID.source}$`));
    const draftId = page.url().split('/').pop()!;
    await page.getByTestId('audience-eligible').waitFor();
    await page.getByRole('button', { name: 'Anuluj kampanię', exact: true }).click();
    const cancelDialog = page.getByRole('dialog', { name: 'Anulować kampanię?' });
    await cancelDialog.getByText('Szkic zostanie anulowany i nie będzie można go uruchomić.').waitFor();
    await check(page, '6-anulowanie');
    await cancelDialog.getByRole('button', { name: 'Tak, anuluj kampanię' }).click();
    await page.getByTestId('campaign-status').filter({ hasText: 'anulowana' }).waitFor();
    await page.getByTestId('campaign-cancelled-at').waitFor();
    await expect(page.getByRole('button', { name: 'Uruchom' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Anuluj kampanię', exact: true }).count()).resolves.toBe(0);
    const cancelled = await t.http.get(`/api/campaigns/${draftId}`).set(t.as('marketing', 'marketing'));
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.cancelledAt).not.toBeNull();

    // The list: newest first, with status and counts; no personal data in any address visited.
    await page.getByRole('link', { name: 'Kampanie' }).first().click();
    await page.waitForURL(/\/kampanie$/);
    const listRows = page.locator('[data-testid="campaigns-table"] tbody tr');
    await listRows.first().getByText('Zimowe przypomnienie').waitFor();
    await expect(listRows.first().textContent()).resolves.toContain('anulowana');
    await expect(listRows.nth(1).textContent()).resolves.toContain('Jesienne oferty');
    await expect(listRows.nth(1).textContent()).resolves.toContain('zakończona');
    await check(page, '6-lista');
    // Only the test mail and the three campaign mails: the cancelled draft sent nothing.
    expect(sink.mails).toHaveLength(4);
    await context.close();
  });

  it('lets an administrator create a team and a broker open a client of another team by emergency access', async () => {
    const admin = await newPage();
    await signIn(admin.page, t.staff.admin.email);
    await admin.page.getByRole('link', { name: 'Zespoły' }).click();
    await admin.page.waitForURL(/\/zespoly$/);
    await admin.page.getByRole('heading', { name: 'Zespoły', level: 1 }).waitFor();
    await admin.page.getByRole('textbox', { name: 'Nazwa zespołu' }).fill('Gdańsk');
    await admin.page.getByRole('button', { name: 'Utwórz zespół' }).click();
    const team = admin.page.locator('[data-team="Gdańsk"]');
    await team.waitFor();
    await team.getByText('0 osób w zespole').waitFor();
    // Picks the manager from the staff list, then takes them off again.
    await team.getByLabel('Dodaj pracownika do zespołu Gdańsk').click();
    await admin.page
      .getByRole('option', { name: new RegExp(t.staff.manager.email.replace('.', '\\.')) })
      .click();
    await team.getByRole('button', { name: 'Dodaj', exact: true }).click();
    await team.getByText('1 osoba w zespole').waitFor();
    await check(admin.page, '7-zespoly');
    await team.getByRole('button', { name: /^Usuń .* z zespołu Gdańsk$/ }).click();
    await team.getByText('0 osób w zespole').waitFor();
    await team.getByLabel('Dodaj pracownika do zespołu Gdańsk').click();
    await admin.page
      .getByRole('option', { name: new RegExp(t.staff.manager.email.replace('.', '\\.')) })
      .click();
    await team.getByRole('button', { name: 'Dodaj', exact: true }).click();
    await team.getByText('1 osoba w zespole').waitFor();
    const teams = await t.http.get('/api/teams').set(t.as('admin'));
    const gdansk = teams.body.items.find((x: { name: string }) => x.name === 'Gdańsk');
    expect(gdansk.members).toEqual([t.staff.manager.id]);
    await admin.context.close();

    // A client of the new team: outside the broker's portfolio.
    const client = await createClient(t, { firstName: 'Halina', lastName: 'Zamorska' });
    const moved = await t.http
      .post(`/api/clients/${client.id}/transfer`)
      .set(t.as('admin'))
      .send({ teamId: gdansk.id, reason: 'Klientka przeprowadziła się do Gdańska' });
    expect(moved.status).toBe(200);

    const broker = await newPage();
    await signIn(broker.page, t.staff.broker.email);
    await broker.page.getByRole('button', { name: 'Pracuj w tym celu: przygotowanie oferty' }).click();
    await broker.page.waitForURL(/\/klienci$/);
    await broker.page.goto(`${base}/klienci/${client.id}`);
    await broker.page.getByTestId('outside-portfolio').waitFor();
    await expect(broker.page.getByText('Halina').count()).resolves.toBe(0);
    await broker.page.getByRole('button', { name: 'Dostęp awaryjny' }).click();
    const dialog = broker.page.getByRole('dialog', { name: 'Dostęp awaryjny do klienta spoza portfela' });
    await expectValue(dialog.getByRole('textbox', { name: 'Na ile minut' }), '60');
    // Without a reason nothing can be sent.
    await expect(dialog.getByRole('button', { name: 'Otwórz dostęp' }).isDisabled()).resolves.toBe(true);
    await dialog
      .getByRole('textbox', { name: 'Powód' })
      .fill('Klientka dzwoni w sprawie szkody, jej opiekun jest na urlopie');
    await check(broker.page, '8-dostep-awaryjny');
    await dialog.getByRole('button', { name: 'Otwórz dostęp' }).click();

    const banner = broker.page.getByTestId('break-glass-banner');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toMatch(/^Dostęp awaryjny do \d{2}:\d{2}$/);
    await broker.page.getByRole('heading', { name: 'Halina Zamorska', level: 1 }).waitFor();
    const [{ reason, expires_at }] = await t.db.query(
      `SELECT reason, expires_at FROM break_glass_grant WHERE client_id = $1`,
      [client.id],
    );
    expect(reason).toBe('Klientka dzwoni w sprawie szkody, jej opiekun jest na urlopie');
    const shown = new Intl.DateTimeFormat('pl-PL', {
      timeZone: 'Europe/Warsaw',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(expires_at));
    await expect(banner.textContent()).resolves.toBe(`Dostęp awaryjny do ${shown}`);
    await check(broker.page, '9-karta-awaryjna');
    await broker.context.close();
  });

  it('reached nothing but the app, with no script error', () => {
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
  });
});
