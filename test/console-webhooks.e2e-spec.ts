import { Webhook } from 'standardwebhooks';
import { consoleStack, type ConsoleStack } from './support/console-stack';
import { eventually } from './support/eventually';
import type { TenantFixture } from './support/fixtures';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

// A first run may install Chromium (about a minute).
jest.setTimeout(240_000);

/** The console's Webhooks page in real Chromium: add an endpoint, keep its secret, test it, rotate it, read the log. */
describe('console: webhooks', () => {
  let cs: ConsoleStack;
  let receiver: WebhookReceiver;
  let t: TenantFixture;
  let gw: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    cs = await consoleStack({
      billingEnv: { WEBHOOK_SECRET_KEY: 'webhook-sealing-key-for-tests-0123', ALLOW_PRIVATE_WEBHOOKS: 'true', WEBHOOK_POLL_MS: '50' },
      tenants: [{ name: 'webhooks-tenant', scopes: ['billing:read'] }],
    });
    gw = cs.stack.gateway.url;
    [t] = cs.tenants;
  });

  afterAll(async () => {
    await cs?.close();
    await receiver?.close();
  });

  it('a billing user adds an endpoint, copies its secret once, sends a test event that verifies, rotates the secret, and sees the delivery log', async () => {
    const { context, page } = await cs.signInAs(t.tenantId, 'billing');
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
    const got = await eventually(
      async () => receiver.at('/console'),
      (r) => r.length >= 1,
    );
    expect(() => new Webhook(secret).verify(got[0].body, got[0].headers as Record<string, string>)).not.toThrow();
    await card
      .getByRole('table', { name: `Deliveries to ${url}` })
      .getByRole('row', { name: /webhook\.test.*Delivered/ })
      .waitFor();

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
    // A wrong amount after that shows its error alone: the earlier "saved" goes.
    await threshold.getByLabel('Alert when the balance falls below').fill('twelve');
    await threshold.getByRole('button', { name: 'Save threshold' }).click();
    await threshold.getByText('Enter an amount').waitFor();
    expect(await page.getByText('Threshold saved.').count()).toBe(0);
    await context.close();
  });

  it('a viewer has no Webhooks page', async () => {
    const { context, page } = await cs.signInAs(t.tenantId, 'viewer');
    await expect(page.getByRole('link', { name: 'Webhooks' }).count()).resolves.toBe(0);
    await context.close();
  });
});
