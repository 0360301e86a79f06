import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { AdminClient } from './support/admin-client';
import { launchBrowser } from './support/browser';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, TenantFixture, tenantWithKey } from './support/fixtures';
import { createPortalUser, PORTAL_PASSWORD, uniqueEmail } from './support/portal';
import { startStack, Stack } from './support/stack';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

// A first run may install Chromium (about a minute).
jest.setTimeout(240_000);

async function signIn(browser: Browser, gw: string, admin: AdminClient, tenantId: string, role: string): Promise<{ context: BrowserContext; page: Page }> {
  const email = uniqueEmail(role);
  expect((await createPortalUser(admin, tenantId, { email, role, password: PORTAL_PASSWORD })).status).toBe(201);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${gw}/console`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PORTAL_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { context, page };
}

/** The console's Webhooks page in real Chromium: add an endpoint, keep its secret, test it, rotate it, read the log. */
describe('console: webhooks', () => {
  let browser: Browser;
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let receiver: WebhookReceiver;
  let t: TenantFixture;
  let gw: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    env = await createTestEnv();
    receiver = await startWebhookReceiver();
    stack = await startStack(env, { billingEnv: { WEBHOOK_SECRET_KEY: 'webhook-sealing-key-for-tests-0123', ALLOW_PRIVATE_WEBHOOKS: 'true', WEBHOOK_POLL_MS: '50' } });
    admin = adminFor(env, stack);
    gw = stack.gateway.url;
    t = await tenantWithKey(admin, stack, { name: 'webhooks-tenant', scopes: ['billing:read'] });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await receiver?.close();
    await env?.drop();
  });

  it('a billing user adds an endpoint, copies its secret once, sends a test event that verifies, rotates the secret, and sees the delivery log', async () => {
    const { context, page } = await signIn(browser, gw, admin, t.tenantId, 'billing');
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();

    const url = `${receiver.url}/console`;
    const form = page.getByRole('form', { name: 'Add endpoint' });
    await form.getByLabel('Endpoint URL').fill(url);
    await form.getByLabel('Description').fill('Ops channel');
    await form.getByRole('checkbox', { name: /Payment credited/ }).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secretField = page.getByRole('textbox', { name: `Signing secret for ${url}` });
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Done' }).click();
    await secretField.waitFor({ state: 'detached' });
    expect(String(await page.evaluate('JSON.stringify(localStorage) + JSON.stringify(sessionStorage)'))).not.toContain(secret);

    const card = page.getByRole('article', { name: `Endpoint ${url}` });
    await expect(card.textContent()).resolves.toContain('balance.low');
    await card.getByRole('button', { name: `Send test event to ${url}` }).click();
    const got = await eventually(async () => receiver.at('/console'), (r) => r.length >= 1);
    expect(() => new Webhook(secret).verify(got[0].body, got[0].headers as Record<string, string>)).not.toThrow();
    await card.getByRole('table', { name: `Deliveries to ${url}` }).getByRole('row', { name: /webhook\.test.*Delivered/ }).waitFor();

    await card.getByRole('button', { name: `Rotate secret of ${url}` }).click();
    const rotated = await page.getByRole('textbox', { name: `Signing secret for ${url}` }).inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await page.getByRole('button', { name: 'Done' }).click();

    const threshold = page.getByRole('form', { name: 'Low balance alert' });
    await threshold.getByLabel('Alert when the balance falls below').fill('12.5');
    await threshold.getByRole('button', { name: 'Save threshold' }).click();
    await page.getByText('Threshold saved.').waitFor();
    const settings = await fetch(`${gw}/me/webhooks/settings`, { headers: { authorization: `Bearer ${t.key}` } });
    expect(await settings.json()).toEqual({ balance_low_threshold_micros: 12_500_000 });
    await context.close();
  });

  it('a viewer has no Webhooks page', async () => {
    const { context, page } = await signIn(browser, gw, admin, t.tenantId, 'viewer');
    await expect(page.getByRole('link', { name: 'Webhooks' }).count()).resolves.toBe(0);
    await context.close();
  });
});
