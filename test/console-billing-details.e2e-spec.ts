import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AdminClient } from './support/admin-client';
import { launchBrowser, screenshot } from './support/browser';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, TenantFixture, tenantWithKey } from './support/fixtures';
import { createPortalUser, portal, PORTAL_PASSWORD, uniqueEmail } from './support/portal';
import { startStack, Stack } from './support/stack';

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

/** The console's Billing details form in real Chromium: what a billing user saves is what the PDFs print. */
describe('console: billing details', () => {
  let browser: Browser;
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let gw: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    gw = stack.gateway.url;
    t = await tenantWithKey(admin, stack, { name: 'details-tenant', scopes: ['billing:read'] });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await env?.drop();
  });

  it('a billing user saves legal name, address, tax id and email; they are kept and the API answers them', async () => {
    const { context, page } = await signIn(browser, gw, admin, t.tenantId, 'billing');
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
    expect(res.body).toMatchObject({ legal_name: 'Acme Corporation GmbH', address: 'Hauptstraße 2\n10115 Berlin\nGermany', tax_id: 'DE987654321', email: 'ap@acme.example' });

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
