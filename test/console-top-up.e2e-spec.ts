import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AdminClient } from './support/admin-client';
import { STRIPE_SECRETS } from './support/billing-stack';
import { launchBrowser, screenshot } from './support/browser';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, TenantFixture, tenantWithKey } from './support/fixtures';
import { createPortalUser, PORTAL_PASSWORD, uniqueEmail } from './support/portal';
import { startStack, Stack } from './support/stack';
import { startStripeStandIn, StripeStandIn } from './support/stripe-stand-in';

// A first run may install Chromium (about a minute).
jest.setTimeout(240_000);

const STRIPE_KEY = 'sk_test_standin_console_7d3e9a1b';

/** A signed-in portal user of `role` in a new context. */
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

async function openBilling(page: Page, gw: string, query = ''): Promise<void> {
  await page.goto(`${gw}/console/billing${query}`);
  await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
}

/**
 * The console's Top up form in real Chromium (the build `npm test` makes): amount in currency
 * units → the payment page of a local Stripe stand-in → its signed webhook → the new balance.
 */
describe('console: top up through the Stripe stand-in', () => {
  let browser: Browser;
  let env: TestEnv;
  let stack: Stack;
  let stripe: StripeStandIn;
  let admin: AdminClient;
  let t: TenantFixture;
  let gw: string;

  beforeAll(async () => {
    [browser, env, stripe] = await Promise.all([launchBrowser(), createTestEnv(), startStripeStandIn({ secretKey: STRIPE_KEY, webhookSecret: STRIPE_SECRETS[0] })]);
    stack = await startStack(env, { billingEnv: { STRIPE_SECRET_KEY: STRIPE_KEY, STRIPE_API_BASE: stripe.url } });
    stripe.sendWebhooksTo(`${stack.billing.url}/webhooks/payments/stripe`);
    gw = stack.gateway.url;
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack, { creditMicros: 10_000_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await stripe?.close();
    await env?.drop();
  });

  it('a billing user enters 19.99, is sent to the payment page, and after the webhook sees the notice and the new balance', async () => {
    const { page, context } = await signIn(browser, gw, admin, t.tenantId, 'billing');
    await openBilling(page, gw);
    const balance = page.getByRole('region', { name: 'Balance' });
    await balance.getByText('$10.00', { exact: true }).waitFor();

    await page.getByLabel('Amount').fill('19.99');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL(/\/c\/pay\/cs_test_[0-9a-f]+$/);
    const sessionId = page.url().split('/').pop()!;
    expect(stripe.calls.at(-1)!.form).toMatchObject({ 'line_items[0][price_data][unit_amount]': '1999', 'metadata[tenant_id]': t.tenantId });

    expect(await stripe.complete(sessionId)).toMatchObject({ status: 200, body: { outcome: 'credited' } });
    await openBilling(page, gw, '?top_up=success');
    await page.getByRole('status').getByText(/balance will update when the payment is confirmed/).waitFor();
    await balance.getByText('$29.99', { exact: true }).waitFor();
    await screenshot(page, 'console-top-up');
    await context.close();
  });

  it('names the amount problem next to the field (below the minimum, sub-cent, not a number) and stays on the page', async () => {
    const { page, context } = await signIn(browser, gw, admin, t.tenantId, 'owner');
    await openBilling(page, gw);
    const calls = stripe.calls.length;
    for (const [typed, says] of [
      ['4.99', /at least 5\.00 USD/],
      ['10.005', /whole number/],
      ['ten', /Enter an amount in USD/],
    ] as const) {
      await page.getByLabel('Amount').fill(typed);
      await page.getByRole('button', { name: 'Continue to payment' }).click();
      await page.getByRole('alert').getByText(says).waitFor();
    }
    expect(stripe.calls.length).toBe(calls);
    expect(page.url()).toBe(`${gw}/console/billing`);
    await context.close();
  });
});

describe('console: top up without a payment provider', () => {
  let browser: Browser;
  let env: TestEnv;
  let stack: Stack;

  beforeAll(async () => {
    [browser, env] = await Promise.all([launchBrowser(), createTestEnv()]);
    stack = await startStack(env);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await env?.drop();
  });

  it('says payments are not set up and whom to ask', async () => {
    const admin = adminFor(env, stack);
    const t = await tenantWithKey(admin, stack);
    const { page, context } = await signIn(browser, stack.gateway.url, admin, t.tenantId, 'owner');
    await openBilling(page, stack.gateway.url);
    await page.getByLabel('Amount').fill('25');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.getByRole('alert').getByText(/Payments are not set up; ask your operator/).waitFor();
    await context.close();
  });
});
