import type { Page } from 'playwright-core';
import { STRIPE_SECRETS } from './support/billing-stack';
import { screenshot } from './support/browser';
import { consoleStack, type ConsoleStack } from './support/console-stack';
import { tenantWithKey, type TenantFixture } from './support/fixtures';
import { startStripeStandIn, StripeStandIn } from './support/stripe-stand-in';

// A first run may install Chromium (about a minute).
jest.setTimeout(240_000);

const STRIPE_KEY = 'sk_test_standin_console_7d3e9a1b';

async function openBilling(page: Page, gw: string, query = ''): Promise<void> {
  await page.goto(`${gw}/console/billing${query}`);
  await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
}

/**
 * The console's Top up form in real Chromium (the build `npm test` makes): amount in currency
 * units → the payment page of a local Stripe stand-in → its signed webhook → the new balance.
 */
describe('console: top up through the Stripe stand-in', () => {
  let cs: ConsoleStack;
  let stripe: StripeStandIn;
  let t: TenantFixture;
  let gw: string;

  beforeAll(async () => {
    stripe = await startStripeStandIn({ secretKey: STRIPE_KEY, webhookSecret: STRIPE_SECRETS[0] });
    cs = await consoleStack({ billingEnv: { STRIPE_SECRET_KEY: STRIPE_KEY, STRIPE_API_BASE: stripe.url }, tenants: [{ creditMicros: 10_000_000 }] });
    stripe.sendWebhooksTo(`${cs.stack.billing.url}/webhooks/payments/stripe`);
    gw = cs.stack.gateway.url;
    [t] = cs.tenants;
  });

  afterAll(async () => {
    await cs?.close();
    await stripe?.close();
  });

  it('a billing user enters 19.99, is sent to the payment page, and after the webhook sees the notice and the new balance', async () => {
    const { page, context } = await cs.signInAs(t.tenantId, 'billing');
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
    await page
      .getByRole('status')
      .getByText(/balance will update when the payment is confirmed/)
      .waitFor();
    await balance.getByText('$29.99', { exact: true }).waitFor();
    await screenshot(page, 'console-top-up');
    await context.close();
  });

  it('names the amount problem next to the field (below the minimum, sub-cent, not a number) and stays on the page', async () => {
    const { page, context } = await cs.signInAs(t.tenantId, 'owner');
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
  let cs: ConsoleStack;

  beforeAll(async () => {
    cs = await consoleStack();
  });

  afterAll(() => cs?.close());

  it('says payments are not set up and whom to ask', async () => {
    const t = await tenantWithKey(cs.admin, cs.stack);
    const { page, context } = await cs.signInAs(t.tenantId, 'owner');
    await openBilling(page, cs.stack.gateway.url);
    await page.getByLabel('Amount').fill('25');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page
      .getByRole('alert')
      .getByText(/Payments are not set up; ask your operator/)
      .waitFor();
    await context.close();
  });
});
