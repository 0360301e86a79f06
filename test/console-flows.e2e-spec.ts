import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import type { AdminClient } from './support/admin-client';
import { screenshot } from './support/browser';
import { consoleStack, type BrowserSession, type ConsoleStack } from './support/console-stack';
import { eventually } from './support/eventually';
import type { TenantFixture } from './support/fixtures';
import { createPortalUser, PORTAL_PASSWORD, uniqueEmail } from './support/portal';

// A first run may install Chromium (about a minute).

/** Integer micro-units as the console shows them: $1,234.5 → "$1,234.50", every micro kept, no floats. */
function dollars(micros: number): string {
  const whole = String(Math.floor(micros / 1_000_000)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = String(micros % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `$${whole}.${fraction}`;
}
interface UsageSummary {
  from: string;
  to: string;
  time_zone: string;
  total: { requests: number; cost_micros: number };
}

jest.setTimeout(240_000);

/**
 * The customer console in real Chromium against the real stack (the build `npm test` makes):
 * a person signs in, makes a key, calls with it, sees the call, revokes it, downloads a
 * statement, invites a teammate. Elements are found by role and label, as a person finds them.
 */
/**
 * The element holding the keyboard focus, once `ready` says it is the expected one (polled: focus
 * moves after a render). page.evaluate, not waitForFunction: the console's CSP refuses the
 * in-page eval that waitForFunction polls a string with.
 */
async function focusedOn(page: Page, ready: (f: { tag: string; text: string }) => boolean): Promise<{ tag: string; text: string }> {
  const read = async () =>
    JSON.parse(
      String(await page.evaluate('JSON.stringify({ tag: document.activeElement?.tagName ?? "", text: document.activeElement?.textContent ?? "" })')),
    ) as {
      tag: string;
      text: string;
    };
  return eventually(read, ready);
}

describe('the console in Chromium', () => {
  let cs: ConsoleStack;
  let admin: AdminClient;
  let browser: Browser;
  let a: TenantFixture;
  let b: TenantFixture;
  let gw: string;
  let owner: BrowserSession & { email: string };
  let secret = '';

  const signIn = (email: string, width?: number) => cs.signIn(email, { width });

  async function open(page: Page, path: string, heading: string): Promise<void> {
    await page.goto(`${gw}/console${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  beforeAll(async () => {
    cs = await consoleStack({
      tenants: [
        { name: 'Acme', models: ['acme-fast'] },
        { name: 'Bravo', models: ['bravo-fast'] },
      ],
    });
    ({ admin, browser } = cs);
    [a, b] = cs.tenants;
    gw = cs.stack.gateway.url;
    owner = await cs.signInAs(a.tenantId, 'owner');
  });

  afterAll(() => cs?.close());

  it('signs in with a session cookie no script can read', async () => {
    const cookies = await owner.context.cookies();
    const session = cookies.find((c) => c.name === 'tollgate_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await owner.page.evaluate('document.cookie')).not.toContain(session.value);
    await screenshot(owner.page, 'console-home');
  });

  it('creates a key and shows its secret once, never in browser storage', async () => {
    const { page } = owner;
    await open(page, '/keys', 'API keys');
    await page.getByRole('button', { name: 'New key' }).click();
    await page.getByLabel('Name', { exact: true }).fill('ci-bot');
    await page.getByRole('checkbox', { name: 'chat:write' }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const field = page.getByRole('textbox', { name: 'Secret key' });
    await field.waitFor();
    // The keyboard focus moves to the panel that replaced the form, never back to <body>.
    expect(await focusedOn(page, (f) => f.text === 'Key ci-bot created')).toMatchObject({ text: 'Key ci-bot created' });
    secret = await field.inputValue();
    expect(secret).toMatch(/^sk-tg-/);
    await page.getByText('This key will not be shown again.').waitFor();
    await screenshot(page, 'console-key-created');
    const storage = String(await page.evaluate('JSON.stringify(localStorage) + JSON.stringify(sessionStorage)'));
    expect(storage).not.toContain(secret);

    await page.getByRole('button', { name: 'Done' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Revoke key ci-bot' }).waitFor();
    expect(await focusedOn(page, (f) => f.tag === 'H1')).toMatchObject({ tag: 'H1' });
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await page.getByRole('button', { name: 'Revoke key ci-bot' }).waitFor();
    expect(await page.content()).not.toContain(secret);

    await screenshot(page, 'console-keys');
  });

  it('the key answers the official OpenAI SDK, and the call shows in request logs and usage', async () => {
    const client = new OpenAI({ apiKey: secret, baseURL: `${gw}/v1`, maxRetries: 0 });
    const answer = await client.chat.completions.create({ model: 'acme-fast', messages: [{ role: 'user', content: 'hello from the console test' }] });
    expect(answer.choices[0].message.content).toBeTruthy();

    const { page } = owner;
    const seen = await eventually(
      async () => {
        await open(page, '/logs', 'Request logs');
        await page.getByRole('table').or(page.getByText('No requests')).first().waitFor();
        return page.getByRole('button', { name: /^Details of request / }).count();
      },
      (n) => n > 0,
    );
    expect(seen).toBe(1);
    await page
      .getByRole('button', { name: /^Details of request / })
      .first()
      .click();
    const details = page.getByRole('dialog', { name: 'Request details' });
    await details.waitFor();
    expect(await details.textContent()).toContain('acme-fast');
    await screenshot(page, 'console-request-details');
    await details.getByRole('button', { name: 'Close' }).first().click();

    await open(page, '/usage', 'Usage');
    const usage = (await (await page.request.get(`${gw}/me/usage`)).json()) as UsageSummary;
    expect(usage.total.requests).toBe(1);
    // The page says which zone its days are cut in, and its range is the one the API counted.
    expect(usage.time_zone).toBe('UTC');
    await page.getByText(/^Days in UTC:/).waitFor();
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe(usage.to);
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(usage.from);
    const total = page
      .getByRole('table')
      .first()
      .getByRole('row', { name: /^Total/ });
    await total.waitFor();
    expect(await total.textContent()).toContain(dollars(usage.total.cost_micros));
    await screenshot(page, 'console-usage');
    // The charts are pictures of the table below: hidden from screen readers, so never in the Tab order either.
    await page.locator('.charts svg').first().waitFor();
    expect(await page.locator('.charts [tabindex]:not([tabindex="-1"])').count()).toBe(0);
    // A range that runs backwards says so, and the figures of the range before it are gone.
    await page.getByLabel('From', { exact: true }).fill('2099-01-01');
    await page.getByText('“From” must be on or before “To”.').waitFor();
    await total.waitFor({ state: 'detached' });
    await open(page, '/logs', 'Request logs');
    await page.getByLabel('From', { exact: true }).fill('2026-12-31');
    await page.getByLabel('To', { exact: true }).fill('2026-01-01');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('alert').filter({ hasText: '“To” must be on or after “From”.' }).waitFor();
  });

  it('revoking the key in the console makes the SDK get 401 on its next call', async () => {
    const { page } = owner;
    await open(page, '/keys', 'API keys');
    // Rotating starts on Cancel, not on its grace field: Enter alone never rotates.
    await page.getByRole('button', { name: 'Rotate key ci-bot' }).click();
    expect(await focusedOn(page, (f) => f.text === 'Cancel')).toMatchObject({ text: 'Cancel' });
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Rotate key ci-bot' }).waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Revoke key ci-bot' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke key ci-bot' });
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const client = new OpenAI({ apiKey: secret, baseURL: `${gw}/v1`, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'acme-fast', messages: [{ role: 'user', content: 'again' }] })).rejects.toMatchObject({ status: 401 });
    await page
      .getByRole('row', { name: /ci-bot/ })
      .getByText('revoked', { exact: false })
      .first()
      .waitFor();
    // The Revoke button the focus returned to is gone: the focus is on the page's heading, not <body>.
    expect(await focusedOn(page, (f) => f.tag === 'H1')).toMatchObject({ tag: 'H1' });
  });

  it('downloads the statement as CSV and PDF whose totals match /me/billing/statement', async () => {
    const { page } = owner;
    await open(page, '/billing', 'Billing');
    const month = new Date().toISOString().slice(0, 7);
    const json = (await (await page.request.get(`${gw}/me/billing/statement?month=${month}`)).json()) as {
      closing_balance_micros: number;
      debits_micros: number;
    };
    const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const csv = await page.request.get(new URL(csvHref!, gw).toString());
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain(String(json.closing_balance_micros));
    expect(text).toContain(String(json.debits_micros));
    const pdfHref = await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
    const pdf = await page.request.get(new URL(pdfHref!, gw).toString());
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(page, 'console-billing');
  });

  it('an admin credit shows as the new balance', async () => {
    const { page } = owner;
    const before = (await (await page.request.get(`${gw}/me/billing/balance`)).json()) as { balance_micros: number };
    await admin.credit(a.tenantId, 5_000_000);
    await open(page, '/billing', 'Billing');
    const after = before.balance_micros + 5_000_000;
    await page.getByRole('region', { name: 'Balance' }).getByText(dollars(after), { exact: true }).waitFor();
  });

  it('an owner invites a developer, who sets a password, signs in and cannot see billing', async () => {
    const { page } = owner;
    await open(page, '/team', 'Team');
    const email = uniqueEmail('dev');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Role', { exact: true }).selectOption('developer');
    await page.getByRole('button', { name: /^Invite/ }).click();
    const link = await page.getByRole('textbox', { name: 'Link' }).inputValue();
    expect(link).toContain('/console/accept-invite?token=');
    await screenshot(page, 'console-team');

    const context = await browser.newContext();
    const invited = await context.newPage();
    await invited.goto(new URL(link, gw).toString());
    await invited.getByLabel('Password', { exact: true }).fill(PORTAL_PASSWORD);
    await invited.getByLabel('Confirm').fill(PORTAL_PASSWORD);
    await invited.getByRole('button', { name: 'Set password' }).click();
    await invited.getByRole('button', { name: 'Sign in' }).waitFor();
    await context.close();

    const dev = await signIn(email);
    const nav = dev.page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link', { name: 'API keys' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Billing' }).count()).toBe(0);
    expect((await dev.page.request.get(`${gw}/me/billing/balance`)).status()).toBe(403);
    await dev.context.close();
  });

  it('a viewer sees keys but is offered no way to create one, and the API refuses it', async () => {
    const email = uniqueEmail('viewer');
    await createPortalUser(admin, a.tenantId, { email, role: 'viewer', password: PORTAL_PASSWORD });
    const viewer = await signIn(email);
    await open(viewer.page, '/keys', 'API keys');
    await viewer.page.getByRole('table').first().waitFor();
    expect(await viewer.page.getByRole('button', { name: 'New key' }).count()).toBe(0);
    const res = await viewer.page.request.post(`${gw}/me/keys`, { data: { label: 'sneaky' }, headers: { 'x-tollgate-csrf': '1' } });
    expect(res.status()).toBe(403);
    await viewer.context.close();
  });

  it("the usage page counts days in the tenant's reporting time zone and says so", async () => {
    // UTC+14: for most of the UTC day its date is already tomorrow's.
    const zone = 'Pacific/Kiritimati';
    expect((await admin.call('auth', 'PATCH', `/admin/tenants/${b.tenantId}`, { reportingTimeZone: zone })).status).toBe(200);
    const email = uniqueEmail('bravo-usage');
    await createPortalUser(admin, b.tenantId, { email, role: 'owner', password: PORTAL_PASSWORD });
    const bravo = await signIn(email);
    await open(bravo.page, '/usage', 'Usage');
    await bravo.page.getByText(`Days in ${zone}:`).waitFor();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    expect(await bravo.page.getByLabel('To', { exact: true }).inputValue()).toBe(today);
    expect(await bravo.page.getByRole('table', { name: new RegExp(`days in ${zone}$`) }).count()).toBe(1);
    await bravo.context.close();
  });

  it('a session ended elsewhere sends the person to sign in, saying why, and back to where they were', async () => {
    const email = uniqueEmail('ended');
    await createPortalUser(admin, b.tenantId, { email, role: 'owner', password: PORTAL_PASSWORD });
    const s = await signIn(email);
    await open(s.page, '/keys', 'API keys');
    // Signed out from another tab: the cookie this page holds no longer opens a session.
    expect((await s.page.request.delete(`${gw}/me/session`, { headers: { 'x-tollgate-csrf': '1' } })).status()).toBe(204);
    await s.page.getByRole('link', { name: 'Usage' }).click();
    await s.page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    await s.page.getByText('Your session has ended').waitFor();
    expect(new URL(s.page.url()).searchParams.get('next')).toBe('/console/usage');
    await s.context.close();
  });

  it("tenant B's owner never sees tenant A's keys", async () => {
    const email = uniqueEmail('bravo');
    await createPortalUser(admin, b.tenantId, { email, role: 'owner', password: PORTAL_PASSWORD });
    const other = await signIn(email);
    await open(other.page, '/keys', 'API keys');
    await other.page.getByRole('table').first().waitFor();
    expect(await other.page.getByText('ci-bot').count()).toBe(0);
    const keys = (await (await other.page.request.get(`${gw}/me/keys`)).json()) as { data: { tenant_id: string }[] };
    expect(keys.data.every((k) => k.tenant_id === b.tenantId)).toBe(true);
    await other.context.close();
  });

  it('a POST from another site carries no session and creates nothing', async () => {
    const { page } = owner;
    const crossSite = gw.replace('127.0.0.1', 'localhost');
    await page.goto(`${crossSite}/console/sign-in`);
    await page.evaluate(
      `fetch(${JSON.stringify(`${gw}/me/keys`)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{"label":"forged"}' }).catch(() => null)`,
    );
    const keys = (await (await page.request.get(`${gw}/me/keys`)).json()) as { data: { label: string }[] };
    expect(keys.data.map((k) => k.label)).not.toContain('forged');
  });

  it('sends its scripts and styles compressed to a browser that accepts it (brotli, else gzip)', async () => {
    const index = await (await fetch(`${gw}/console/`)).text();
    const assets = [...index.matchAll(/\/console\/assets\/[\w.-]+\.(?:js|css)/g)].map((m) => m[0]);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const [accept, encoding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ]) {
      for (const asset of assets) {
        const plain = await (await fetch(`${gw}${asset}`, { headers: { 'accept-encoding': 'identity' } })).text();
        const res = await fetch(`${gw}${asset}`, { headers: { 'accept-encoding': accept } });
        expect({ asset, encoding: res.headers.get('content-encoding') }).toEqual({ asset, encoding });
        expect(await res.text()).toBe(plain);
      }
    }
  });

  it('works at 375 px wide', async () => {
    const narrow = await signIn(owner.email, 375);
    await open(narrow.page, '/keys', 'API keys');
    const overflow = await narrow.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(narrow.page, 'console-keys-375');
    // Scrolled to its actions, the table keeps each key's name in view beside them.
    await narrow.page.getByRole('region', { name: 'API keys' }).evaluate((el: { scrollLeft: number; scrollWidth: number }) => {
      el.scrollLeft = el.scrollWidth;
    });
    const name = await narrow.page.getByRole('cell', { name: 'fixture', exact: true }).boundingBox();
    expect(name!.x).toBeGreaterThanOrEqual(0);
    await narrow.context.close();
  });
});
