import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AdminClient } from './support/admin-client';
import { launchBrowser } from './support/browser';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, chat, TenantFixture, tenantWithKey } from './support/fixtures';
import { createPortalUser, PORTAL_PASSWORD, uniqueEmail } from './support/portal';
import { startStack, Stack } from './support/stack';

// A first run may install Chromium (about a minute).
jest.setTimeout(240_000);

/** The console's keys page in real Chromium: an owner sets a key's budget, sees what is left, and the gateway enforces it. */
describe('console: key budgets', () => {
  let browser: Browser;
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let owner: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    browser = await launchBrowser();
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack, { name: 'console-budgets' });
    await admin.call('auth', 'PATCH', `/admin/tenants/${t.tenantId}`, { budgetMicros: 50_000_000, budgetPeriod: 'month' });
    const email = uniqueEmail('owner');
    expect((await createPortalUser(admin, t.tenantId, { email, role: 'owner', password: PORTAL_PASSWORD })).status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stack.gateway.url}/console`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PORTAL_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    owner = { context, page };
  });

  afterAll(async () => {
    await owner?.context.close();
    await browser?.close();
    await stack?.close();
    await env?.drop();
  });

  it("an owner sees the organization's budget, sets a lower one on a key, is refused one above the organization's, and the key is held to it", async () => {
    const { page } = owner;
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    const row = page.getByRole('row', { name: /fixture/ });
    await row.getByText("Organization's budget").waitFor();
    await expect(row.textContent()).resolves.toContain('$50.00 of $50.00 per month left');

    await row.getByRole('button', { name: 'Budget of key fixture' }).click();
    const dialog = page.getByRole('dialog', { name: 'Budget of key fixture' });
    await dialog.getByLabel('Budget (USD)').fill('80');
    await dialog.getByLabel('Period').selectOption('day');
    await dialog.getByRole('button', { name: 'Save budget' }).click();
    await dialog.getByText("A key's budget cannot exceed the organization's budget of $50.000000 per month.").waitFor();

    await dialog.getByLabel('Budget (USD)').fill('0.000001');
    await dialog.getByLabel('Alert at (% of the budget)').fill('80');
    await dialog.getByRole('button', { name: 'Save budget' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('Key: $0.000001 per day').waitFor();
    await expect(row.textContent()).resolves.toContain('$0.000001 of $0.000001 per day left');

    const refused = await chat(stack.gateway.baseUrl, t.key);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'budget_exceeded', message: expect.stringContaining("This API key's daily budget of $0.000001 is used up") });
    const listed = (await admin.listKeys(t.tenantId)).find((k) => k.id === t.keyId);
    expect(listed).toMatchObject({ budget: { micros: 1, period: 'day', alertPercent: 80 } });
  });
});
