import { screenshot } from './support/browser';
import { consoleStack, type ConsoleStack } from './support/console-stack';
import type { TenantFixture } from './support/fixtures';
import { portal } from './support/portal';

// A first run may install Chromium (about a minute).
jest.setTimeout(240_000);

/** The console's Billing details form in real Chromium: what a billing user saves is what the PDFs print. */
describe('console: billing details', () => {
  let cs: ConsoleStack;
  let t: TenantFixture;
  let gw: string;

  beforeAll(async () => {
    cs = await consoleStack({ tenants: [{ name: 'details-tenant', scopes: ['billing:read'] }] });
    gw = cs.stack.gateway.url;
    [t] = cs.tenants;
  });

  afterAll(() => cs?.close());

  it('a billing user saves legal name, address, tax id and email; they are kept and the API answers them', async () => {
    const { context, page } = await cs.signInAs(t.tenantId, 'billing');
    await page.goto(`${gw}/console/billing`);
    const form = page.getByRole('form', { name: 'Billing details' });
    await form.getByLabel('Legal name').fill('Acme Corporation GmbH');
    await form.getByLabel('Address').fill('Hauptstraße 2\n10115 Berlin\nGermany');
    await form.getByLabel('Tax ID').fill('DE987654321');
    await form.getByLabel('Billing email').fill('ap@acme.example');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Billing details saved.').waitFor();
    await screenshot(page, 'console-billing-details', '/tmp/shots');

    const res = await portal(gw, 'GET', '/me/billing/profile', { headers: { authorization: `Bearer ${t.key}` } });
    expect(res.body).toMatchObject({
      legal_name: 'Acme Corporation GmbH',
      address: 'Hauptstraße 2\n10115 Berlin\nGermany',
      tax_id: 'DE987654321',
      email: 'ap@acme.example',
    });

    await page.reload();
    await expect(page.getByRole('form', { name: 'Billing details' }).getByLabel('Legal name').inputValue()).resolves.toBe('Acme Corporation GmbH');

    // A refused value is shown on its field.
    await form.getByLabel('Billing email').fill('not an email');
    await form.getByLabel('Billing email').evaluate((el) => el.setAttribute('type', 'text')); // past the browser's own check, to the API's
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('alert').first().textContent()).resolves.toContain('email');
    await context.close();
  });
});
