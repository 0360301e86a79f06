import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatMicros } from '../apps/console/src/ui/money';
import { PricesService as GatewayPrices } from '../apps/gateway/src/metering/prices.service';
import { importCatalogFile } from '../scripts/prices-import';
import type { AdminClient } from './support/admin-client';
import { pdfText } from './support/billing-stack';
import { screenshot } from './support/browser';
import { consoleStack, type ConsoleStack } from './support/console-stack';
import type { TestEnv } from './support/env';
import { eventually } from './support/eventually';
import type { TenantFixture } from './support/fixtures';
import type { Stack } from './support/stack';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

// A first run may install Chromium (about a minute).
jest.setTimeout(240_000);

const ADMIN_PASSWORD = 'copper-harbour-lantern-4417';
const MODEL = 'tollgate-fast';
const YEAR = new Date().getUTCFullYear();

type LedgerEntry = { kind: string; amountMicros: number; requestId: string | null };
type MarginLine = {
  tenantId: string;
  model: string;
  calls: number;
  revenueMicros: number;
  costMicros: number;
  marginMicros: number;
  marginPercent: string | null;
};

/**
 * Issue 14's reseller controls in the admin console, in real Chromium: an admin sets a tenant's budget
 * and time zone and a key's budget, grants promotional credit, refunds a real call (made with the
 * official OpenAI SDK) and sees its credit note number, creates a markup tier and assigns it,
 * accepts an imported cost price, and reads the margin report with that tenant in it. Every change
 * is checked against the admin APIs; elements are found by role and label.
 */
describe('the admin console: reseller controls', () => {
  let cs: ConsoleStack;
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let adminUrl: string;
  let adminEmail: string;
  let t: TenantFixture;
  let receiver: WebhookReceiver;
  const month = new Date().toISOString().slice(0, 7);

  async function open(path: string, heading: string | RegExp): Promise<void> {
    await page.goto(`${adminUrl}/console${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  /** One official-SDK call; its gateway request id once billing has booked it, and what it was charged. */
  async function call(): Promise<{ requestId: string; chargedMicros: number }> {
    const client = new OpenAI({ apiKey: t.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    const { response } = await client.chat.completions
      .create({ model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'one two three four five' }] })
      .withResponse();
    const requestId = response.headers.get('x-tollgate-request-id')!;
    expect(requestId).toMatch(/^req_/);
    const ledger = await eventually(
      () => admin.call<{ data: LedgerEntry[] }>('billing', 'GET', `/admin/tenants/${t.tenantId}/ledger`),
      (r) => r.body.data.some((e) => e.requestId === requestId && e.kind === 'usage'),
      30_000,
    );
    const debit = ledger.body.data.find((e) => e.requestId === requestId && e.kind === 'usage')!;
    expect(debit.amountMicros).toBeLessThan(0);
    return { requestId, chargedMicros: -debit.amountMicros };
  }

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    cs = await consoleStack({
      billingEnv: { WEBHOOK_SECRET_KEY: 'webhook-sealing-key-for-tests-0123', ALLOW_PRIVATE_WEBHOOKS: 'true', WEBHOOK_POLL_MS: '50' },
      tenants: [{ name: 'Reseller Co', models: [MODEL] }],
    });
    ({ env, stack, admin, browser } = cs);
    [t] = cs.tenants;
    adminUrl = stack.gateway.adminUrl;
    adminEmail = await cs.newAdmin(ADMIN_PASSWORD, 'reseller-ops');
    ({ context, page } = await cs.adminSignIn(adminEmail, ADMIN_PASSWORD));
  });

  afterAll(async () => {
    await cs?.close();
    await receiver?.close();
  });

  it("sets the tenant's budget and reporting time zone, and a key's budget", async () => {
    await open(`/tenants/${t.tenantId}`, 'Reseller Co');
    const settings = page.getByRole('form', { name: 'Tenant budget and time zone' });
    await settings.getByLabel('Budget (USD)').fill('25');
    await settings.getByText('25,000,000 micro-units').waitFor();
    await settings.getByLabel('Budget period').selectOption({ label: 'Per month' });
    await settings.getByLabel('Alert at (%)').fill('80');
    await settings.getByLabel('Reporting time zone').fill('Asia/Tokyo');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved: budget $25.00 per month, alert at 80 %, time zone Asia/Tokyo.').waitFor();
    const tenant = await admin.call<{ budget: unknown; reportingTimeZone: string }>('auth', 'GET', `/admin/tenants/${t.tenantId}`);
    expect(tenant.body).toMatchObject({ budget: { micros: 25_000_000, period: 'month', alertPercent: 80 }, reportingTimeZone: 'Asia/Tokyo' });

    await page.getByRole('button', { name: 'Set budget of key fixture' }).click();
    const dialog = page.getByRole('dialog', { name: 'Budget of key fixture' });
    await dialog.getByLabel('Budget (USD)').fill('2.5');
    await dialog.getByLabel('Budget period').selectOption({ label: 'Per day' });
    await dialog.getByRole('button', { name: 'Save budget' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('region', { name: 'API keys' }).getByRole('row', { name: /fixture/ });
    await row.getByText('$2.50 per day').waitFor();
    // The binding budget is the key's (less left than the tenant's), reset at Tokyo's midnight.
    expect(await row.textContent()).toMatch(/\$2\.50 left of the key's \$2\.50, resets/);
    const keys = await admin.call<{ id: string; budget: unknown }[]>('auth', 'GET', `/admin/tenants/${t.tenantId}/keys`);
    expect(keys.body.find((k) => k.id === t.keyId)?.budget).toEqual({ micros: 2_500_000, period: 'day', alertPercent: null });
    await screenshot(page, 'admin-tenant-reseller');
  });

  it("shows the tenant's alert webhook endpoints and each one's delivery log", async () => {
    const url = `${receiver.url}/reseller`;
    const created = await admin.call<{ endpoint: { id: string } }>('billing', 'POST', `/admin/tenants/${t.tenantId}/webhooks`, {
      url,
      eventTypes: ['budget.threshold', 'balance.low'],
    });
    expect(created.status).toBe(201);
    expect((await admin.call('billing', 'POST', `/admin/tenants/${t.tenantId}/webhooks/${created.body.endpoint.id}/test`)).status).toBeLessThan(300);
    await eventually(
      async () => receiver.at('/reseller'),
      (r) => r.length >= 1,
    );

    await open(`/tenants/${t.tenantId}`, 'Reseller Co');
    const endpoints = page.getByRole('region', { name: 'Alert webhooks' });
    const row = endpoints.getByRole('row', { name: new RegExp(url.replace(/[.]/g, '\\.')) });
    expect(await row.textContent()).toContain('budget.threshold');
    await row.getByRole('button', { name: `Delivery log of ${url}` }).click();
    const log = page.getByRole('region', { name: `Deliveries to ${url}` });
    const delivery = log.getByRole('row', { name: /webhook\.test/ });
    await delivery.getByText('delivered').waitFor();
    expect(await delivery.textContent()).toContain('HTTP 2');
  });

  it('grants promotional credit that expires, listed with its status', async () => {
    await open(`/tenants/${t.tenantId}`, 'Reseller Co');
    await page.getByRole('link', { name: 'Refunds and promotions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Refunds and promotions of Reseller Co' }).waitFor();
    await page.getByLabel('Promotion amount (USD)').fill('10');
    await page.getByLabel('Expires at').fill(`${YEAR + 1}-01-01T00:00`);
    await page.getByLabel('Promotion reason').fill('launch promotion');
    await page.getByRole('button', { name: 'Grant promotion' }).click();
    await page.getByText(/^Granted \$10\.00 until/).waitFor();
    const row = page.getByRole('region', { name: 'Promotional grants' }).getByRole('row', { name: /launch promotion/ });
    await row.getByText('active').waitFor();
    expect(await row.textContent()).toContain('$10.00');
    const grants = await admin.call<{ data: { amountMicros: number; reason: string; actor: string }[] }>(
      'billing',
      'GET',
      `/admin/tenants/${t.tenantId}/promotions`,
    );
    expect(grants.body.data).toEqual([expect.objectContaining({ amountMicros: 10_000_000, reason: 'launch promotion', actor: `admin:${adminEmail}` })]);
  });

  it('refunds a real call and shows its credit note number, with links to the credit note and statement PDFs', async () => {
    const made = await call();
    await open(`/tenants/${t.tenantId}/credits`, 'Refunds and promotions of Reseller Co');
    await page.getByLabel('Calls, by request id').check();
    await page.getByLabel('Request ids').fill(made.requestId);
    await page.getByLabel('Reason for the refund').fill('upstream outage');
    const balanceBefore = (await admin.call<{ balanceMicros: number }>('billing', 'GET', `/admin/tenants/${t.tenantId}/balance`)).body.balanceMicros;
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    const notice = page.getByText(/^Refunded /);
    await notice.waitFor();
    const creditNote = `CN-${YEAR}-000001`;
    expect(await notice.textContent()).toContain(`Refunded ${formatMicros(made.chargedMicros)}. Credit note ${creditNote}.`);
    await screenshot(page, 'admin-refund');

    const ledger = await admin.call<{ data: (LedgerEntry & { reason: string | null; actor: string })[] }>(
      'billing',
      'GET',
      `/admin/tenants/${t.tenantId}/ledger`,
    );
    expect(ledger.body.data).toContainEqual(expect.objectContaining({ kind: 'refund', amountMicros: made.chargedMicros, actor: `admin:${adminEmail}` }));
    expect((await admin.call<{ balanceMicros: number }>('billing', 'GET', `/admin/tenants/${t.tenantId}/balance`)).body.balanceMicros).toBe(
      balanceBefore + made.chargedMicros,
    );

    // The link opens the tenant's statement PDF of the month (in its time zone) through the backend.
    const href = await page.getByRole('link', { name: /Statement PDF for/ }).getAttribute('href');
    expect(href).toContain(`/statements/`);
    expect(href).toContain('time_zone=Asia%2FTokyo');
    const pdf = await page.request.get(`${adminUrl}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    // And the credit note itself: its PDF names its number and the refunded amount.
    const noteHref = await page.getByRole('link', { name: `Credit note ${creditNote} (PDF)` }).getAttribute('href');
    const note = await page.request.get(`${adminUrl}${noteHref}`);
    expect(note.status()).toBe(200);
    expect(note.headers()['content-disposition']).toContain(`${creditNote}.pdf`);
    const noteText = await pdfText(await note.body());
    expect(noteText).toContain(creditNote);
    expect(noteText).toContain('upstream outage');

    // The same call again: billing refuses it (each call is refunded at most once), shown as an error.
    await page.getByLabel('Request ids').fill(made.requestId);
    await page.getByLabel('Reason for the refund').fill('upstream outage');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: `Already refunded: '${made.requestId}'` })
      .waitFor();
    const refunds = (await admin.call<{ data: LedgerEntry[] }>('billing', 'GET', `/admin/tenants/${t.tenantId}/ledger`)).body.data.filter(
      (e) => e.kind === 'refund',
    );
    expect(refunds).toHaveLength(1);
  });

  it('creates a 25 % markup tier and assigns it to the tenant', async () => {
    await open('/tiers', 'Tiers');
    await page.getByLabel('Tier name').fill('resale-25');
    await page.getByLabel('Markup over cost (%)').fill('25');
    await page.getByText('2,500 basis points; fixed once created.').waitFor();
    await page.getByRole('button', { name: 'Create tier' }).click();
    const row = page.getByRole('row', { name: /resale-25/ });
    await row.getByText('25 % (2500 bp)').waitFor();
    const tiers = await admin.call<{ data: { id: string; name: string; markupBp: number }[] }>('billing', 'GET', '/admin/tiers');
    const tier = tiers.body.data.find((x) => x.name === 'resale-25')!;
    expect(tier.markupBp).toBe(2500);
    await page.getByRole('heading', { name: 'Prices of tier resale-25' }).waitFor();
    await screenshot(page, 'admin-tiers');

    await open(`/tenants/${t.tenantId}`, 'Reseller Co');
    await page.getByLabel('Tier', { exact: true }).selectOption({ label: 'resale-25 (+25 %)' });
    await page.getByRole('button', { name: 'Assign tier' }).click();
    await page.getByLabel('Tier in force').getByText('resale-25 (+25 %)').waitFor();
    const assigned = await admin.call<{ current: { tierId: string; createdBy: string } }>('billing', 'GET', `/admin/tenants/${t.tenantId}/tier`);
    expect(assigned.body.current).toMatchObject({ tierId: tier.id, createdBy: `admin:${adminEmail}` });
  });

  it('accepts an imported (proposed) cost price; the tenant is then priced by the markup over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-catalog-'));
    const file = join(dir, 'model_prices.json');
    writeFileSync(
      file,
      JSON.stringify({
        [MODEL]: { input_cost_per_token: 2e-7, output_cost_per_token: 8e-7, litellm_provider: 'openai', mode: 'chat', max_output_tokens: 4096 },
      }),
    );
    expect(await importCatalogFile(file, { databaseUrl: env.databaseUrl, actor: 'e2e-import' })).toMatchObject({ proposed: 1 });

    await open('/cost-prices', 'Cost prices');
    const row = page.getByRole('row', { name: new RegExp(MODEL) });
    await row.getByText('proposed').waitFor();
    expect(await row.textContent()).toContain('$0.20 (200,000 µ)');
    await screenshot(page, 'admin-cost-prices');
    await row.getByRole('button', { name: `Accept cost price of ${MODEL}` }).click();
    await page.getByText(`Cost price of ${MODEL} accepted.`).waitFor();
    await row.getByText('accepted').waitFor();
    const costs = await admin.call<{ data: { model: string; status: string; reviewedBy: string }[] }>('billing', 'GET', '/admin/cost-prices?status=accepted');
    expect(costs.body.data).toEqual([expect.objectContaining({ model: MODEL, status: 'accepted', reviewedBy: `admin:${adminEmail}` })]);

    const prices = stack.gateway.app.get(GatewayPrices);
    const sale = await eventually(
      () => Promise.resolve(prices.saleOf(t.tenantId, MODEL, null, null, new Date())),
      (s) => s?.source === 'markup',
    );
    expect(sale?.source).toBe('markup');
  });

  it('reads the margin report for the month with the tenant in it, and links its CSV', async () => {
    await call(); // priced by the markup over the accepted cost
    const report = await eventually(
      () => admin.call<{ lines: MarginLine[] }>('billing', 'GET', `/admin/reports/margins?month=${month}`),
      (r) => r.body.lines.some((l) => l.tenantId === t.tenantId && l.calls === 2 && l.costMicros > 0),
      30_000,
    );
    const line = report.body.lines.find((l) => l.tenantId === t.tenantId)!;
    expect(line.costMicros).toBeGreaterThan(0);

    await open('/margins', 'Margins');
    expect(await page.getByLabel('Month (UTC)').inputValue()).toBe(month);
    const row = page.getByRole('row', { name: /Reseller Co/ });
    await row.waitFor();
    const text = await row.textContent();
    for (const part of [MODEL, formatMicros(line.revenueMicros), formatMicros(line.costMicros), formatMicros(line.marginMicros), `${line.marginPercent} %`])
      expect(text).toContain(part);
    await screenshot(page, 'admin-margins');

    const csvLink = page.getByRole('link', { name: `Download CSV for ${month}` });
    const csv = await page.request.get(`${adminUrl}${await csvLink.getAttribute('href')}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain(t.tenantId);
  });

  it('fits the new pages on a 375 px screen', async () => {
    const narrow = await browser.newContext({ viewport: { width: 375, height: 800 }, storageState: await context.storageState() });
    const small = await narrow.newPage();
    for (const path of [`/tenants/${t.tenantId}`, `/tenants/${t.tenantId}/credits`, '/tiers', '/cost-prices', '/margins']) {
      await small.goto(`${adminUrl}/console${path}`);
      await small.getByRole('heading', { level: 1 }).waitFor();
      expect(await small.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    }
    await narrow.close();
  });
});
