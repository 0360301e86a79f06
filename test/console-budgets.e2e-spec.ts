import { consoleStack, type BrowserSession, type ConsoleStack } from './support/console-stack';
import { chat, type TenantFixture } from './support/fixtures';

// A first run may install Chromium (about a minute).
jest.setTimeout(240_000);

/** The console's keys page in real Chromium: an owner sets a key's budget, sees what is left, and the gateway enforces it. */
describe('console: key budgets', () => {
  let cs: ConsoleStack;
  let t: TenantFixture;
  let owner: BrowserSession;

  beforeAll(async () => {
    cs = await consoleStack({ tenants: [{ name: 'console-budgets' }] });
    [t] = cs.tenants;
    await cs.admin.call('auth', 'PATCH', `/admin/tenants/${t.tenantId}`, { budgetMicros: 50_000_000, budgetPeriod: 'month' });
    owner = await cs.signInAs(t.tenantId, 'owner', { width: 1400 });
  });

  afterAll(async () => {
    await owner?.context.close();
    await cs?.close();
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

    const refused = await chat(cs.stack.gateway.baseUrl, t.key);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'budget_exceeded',
      message: expect.stringContaining("This API key's daily budget of $0.000001 is used up"),
    });
    const listed = (await cs.admin.listKeys(t.tenantId)).find((k) => k.id === t.keyId);
    expect(listed).toMatchObject({ budget: { micros: 1, period: 'day', alertPercent: 80 } });
  });
});
