import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningGateway } from '../apps/gateway/src/bootstrap';
import type { AdminClient } from './support/admin-client';
import { screenshot } from './support/browser';
import { consoleStack, type ConsoleStack } from './support/console-stack';
import type { TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { portal, PORTAL_PASSWORD, uniqueEmail } from './support/portal';
import { gatewayFor, type Stack } from './support/stack';

// A first run may install Chromium (about a minute).
jest.setTimeout(240_000);

const ADMIN_PASSWORD = 'amber-lantern-orbit-7731';

/** A same-origin call of the admin console's backend as its fetch makes it (CSRF header, the cookie if any). */
async function consoleApi(base: string, method: string, path: string, opts: { body?: unknown; cookie?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      'x-tollgate-csrf': '1',
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, headers: res.headers, body };
}

/**
 * The admin console on the gateway's admin port, in real Chromium: an admin (created with the
 * bootstrap token) signs in as themselves, sets up a provider, a tenant, a routed and priced model,
 * a credit and an owner invite, all in the browser; the owner then sees the credit on the public
 * port, and every record names the admin. Elements are found by role and label.
 */
describe('the admin console (gateway admin port)', () => {
  let cs: ConsoleStack;
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let browser: Browser;
  let adminUrl: string;
  let publicUrl: string;
  let adminEmail: string;
  let context: BrowserContext;
  let page: Page;
  let tenantId = '';
  const providerName = `mock-${Date.now().toString(36)}`;
  const ownerEmail = uniqueEmail('owner');
  let inviteUrl = '';

  async function open(path: string, heading: string | RegExp): Promise<void> {
    await page.goto(`${adminUrl}/console${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  async function storage(p: Page): Promise<string> {
    return String(await p.evaluate('JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie'));
  }

  beforeAll(async () => {
    cs = await consoleStack();
    ({ env, stack, admin, browser } = cs);
    adminUrl = stack.gateway.adminUrl;
    publicUrl = stack.gateway.url;
    adminEmail = await cs.newAdmin(ADMIN_PASSWORD, 'ops');
    ({ context, page } = await cs.newSession());
  });

  afterAll(() => cs?.close());

  it('signs the admin in at /console on the admin port, with a token no script can read', async () => {
    await page.goto(`${adminUrl}/console`);
    await page.getByRole('heading', { name: 'Sign in as an administrator' }).waitFor();
    expect(page.url()).toContain('/console/sign-in');
    await screenshot(page, 'admin-sign-in');
    await page.getByLabel('Email').fill(adminEmail);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tenants' }).waitFor();
    await page.getByText(adminEmail).waitFor();

    const cookie = (await context.cookies()).find((c) => c.name === 'tollgate_admin')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.value).toMatch(/^tgadm_/);
    expect(await storage(page)).not.toContain(cookie.value);
    expect(await page.content()).not.toContain(cookie.value);
  });

  it('creates a provider with a write-only API key and shows its health', async () => {
    await open('/providers', 'Providers');
    await page.getByLabel('Provider name').fill(providerName);
    await page.getByLabel('Kind').selectOption({ label: 'OpenAI-compatible' });
    await page.getByLabel('Base URL').fill(stack.mock.url);
    await page.getByLabel('API key').fill('sk-upstream-secret');
    await page.getByRole('button', { name: 'Create provider' }).click();
    await page.getByRole('button', { name: `Delete provider ${providerName}` }).waitFor();
    expect(await page.getByLabel('API key').inputValue()).toBe('');
    expect(await page.content()).not.toContain('sk-upstream-secret');
    await page.getByRole('heading', { name: 'Health' }).waitFor();
    await screenshot(page, 'admin-providers');
  });

  it('creates a tenant and registers a model with a fallback target', async () => {
    await open('/tenants', 'Tenants');
    await page.getByLabel('Tenant name').fill('Console Co');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByRole('heading', { level: 1, name: 'Console Co' }).waitFor();
    tenantId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(tenantId).toMatch(/^[0-9a-f-]{36}$/);

    await page.getByRole('link', { name: 'Models and routes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Models of Console Co' }).waitFor();
    await page.getByRole('textbox', { name: 'Model or alias' }).fill('console-fast');
    await page.getByLabel('Provider').selectOption({ label: providerName });
    await page.getByLabel('Upstream model').fill('gpt-4.1-mini');
    await page.getByRole('button', { name: 'Register model' }).click();
    await page.getByRole('button', { name: 'Edit targets of console-fast' }).click();

    const dialog = page.getByRole('dialog', { name: 'Targets of console-fast' });
    await dialog.getByRole('button', { name: 'Add target' }).click();
    const second = dialog.getByRole('group', { name: 'Target 2' });
    await second.getByLabel('Upstream model').fill('gpt-4.1');
    await second.getByLabel('Priority').fill('1');
    await second.getByLabel('Weight').fill('3');
    await second.getByLabel('Timeout (ms)').fill('5000');
    await dialog.getByRole('button', { name: 'Save targets' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByRole('row', { name: /console-fast/ });
    await row.getByText('gpt-4.1', { exact: true }).waitFor();
    expect(await row.textContent()).toContain('priority 1, weight 3, 5000 ms');
    const routes = await admin.call<{ model: string; targets: { upstreamModel: string; priority: number; weight: number; timeoutMs: number | null }[] }[]>(
      'gateway',
      'GET',
      `/admin/tenants/${tenantId}/models`,
    );
    expect(routes.body[0].targets.map((t) => [t.upstreamModel, t.priority, t.weight, t.timeoutMs])).toEqual([
      ['gpt-4.1-mini', 0, 1, null],
      ['gpt-4.1', 1, 3, 5000],
    ]);
    await screenshot(page, 'admin-models');
  });

  it('adds a price per million tokens, shown in currency units and micro-units', async () => {
    await open('/prices', 'Prices');
    await page.getByLabel('Model', { exact: true }).fill('console-fast');
    await page.getByLabel('Input per million tokens', { exact: true }).fill('1.25');
    await page.getByText('1,250,000 micro-units per million tokens').waitFor();
    await page.getByLabel('Output per million tokens').fill('4');
    await page.getByRole('button', { name: 'Add price' }).click();
    const row = page.getByRole('row', { name: /console-fast/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('$1.25 (1,250,000 µ)');
    expect(await row.textContent()).toContain('$4.00 (4,000,000 µ)');
    const prices = await admin.call<{ data: { model: string; inputPerMillion: number; cachedInputPerMillion: number; outputPerMillion: number }[] }>(
      'billing',
      'GET',
      '/admin/prices',
    );
    expect(prices.body.data.find((p) => p.model === 'console-fast')).toMatchObject({
      inputPerMillion: 1_250_000,
      cachedInputPerMillion: 1_250_000,
      outputPerMillion: 4_000_000,
    });
    await screenshot(page, 'admin-prices');
  });

  it('credits the tenant with a reason and invites an owner, the link shown once', async () => {
    await open(`/tenants/${tenantId}`, 'Console Co');
    await page.getByLabel('Amount (USD)').fill('12.50');
    await page.getByText('12,500,000 micro-units').waitFor();
    await page.getByLabel('Reason').fill('welcome credit');
    await page.getByRole('button', { name: 'Credit', exact: true }).click();
    await page.getByText('Credited $12.50.').waitFor();
    await page.getByLabel('Current balance').getByText('$12.50').waitFor();

    await page.getByLabel('Email').fill(ownerEmail);
    await page.getByLabel('Role').selectOption('owner');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Invite link for ${ownerEmail}` });
    inviteUrl = await dialog.getByRole('textbox', { name: 'Invite link' }).inputValue();
    expect(inviteUrl).toMatch(/^\/console\/accept-invite\?token=/);
    expect(await storage(page)).not.toContain(new URL(inviteUrl, publicUrl).searchParams.get('token')!);
    await screenshot(page, 'admin-invite');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('row', { name: new RegExp(ownerEmail.replace(/[.]/g, '\\.')) }).waitFor();
    await page.getByRole('region', { name: 'Audit log' }).getByText(`admin:${adminEmail}`).first().waitFor();
    // The gateway's catalog audit is merged in: the targets saved in the console, by this admin.
    const asAdmin = `admin:${adminEmail}`.replace(/[.+]/g, (c) => `\\${c}`);
    await page
      .getByRole('region', { name: 'Audit log' })
      .getByRole('row', { name: new RegExp(`${asAdmin}.*targets\\.put.*Routing.*model console-fast`) })
      .waitFor();
    await screenshot(page, 'admin-tenant');
  });

  it('the owner accepts the invite, signs in on the public port and sees the credit; the records name the admin', async () => {
    const token = new URL(inviteUrl, publicUrl).searchParams.get('token')!;
    expect((await portal(publicUrl, 'POST', '/me/invites/accept', { body: { token, password: PORTAL_PASSWORD } })).status).toBe(200);
    const session = await portal(publicUrl, 'POST', '/me/session', { body: { email: ownerEmail, password: PORTAL_PASSWORD } });
    expect(session.status).toBe(201);
    const cookie = session.headers.get('set-cookie')!.split(';')[0];
    const balance = await portal(publicUrl, 'GET', '/me/billing/balance', { cookie });
    expect(balance.body).toMatchObject({ tenant_id: tenantId, balance_micros: 12_500_000 });

    const ledger = await admin.call<{ data: { amountMicros: number; reason: string | null; actor: string }[] }>(
      'billing',
      'GET',
      `/admin/tenants/${tenantId}/ledger`,
    );
    expect(ledger.body.data).toContainEqual(expect.objectContaining({ amountMicros: 12_500_000, reason: 'welcome credit', actor: `admin:${adminEmail}` }));
    const audit = await admin.call<{ data: { actor: string; action: string }[] }>('auth', 'GET', `/admin/tenants/${tenantId}/audit-log`);
    // What admins did (the tenant, the invite) names this admin; the owner's own sign-in names the user.
    const byAdmins = audit.body.data.filter((e) => e.actor.startsWith('admin'));
    expect(byAdmins.map((e) => e.action)).toEqual(expect.arrayContaining(['tenant.created']));
    expect(new Set(byAdmins.map((e) => e.actor))).toEqual(new Set([`admin:${adminEmail}`]));
  });

  it('the model set up in the console answers the official OpenAI SDK', async () => {
    const key = await admin.createKey(tenantId, { label: 'console-check' });
    const client = new OpenAI({ apiKey: key.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    // The price reaches the gateway over NATS: retry until it holds it.
    const answer = await eventually(
      () => client.chat.completions.create({ model: 'console-fast', messages: [{ role: 'user', content: 'hi' }] }).catch((err: unknown) => err),
      (r) => !(r instanceof Error),
    );
    expect(answer).toMatchObject({ choices: [expect.objectContaining({ message: expect.objectContaining({ role: 'assistant' }) })] });
  });

  it('shows the keys and payments pages, and fits a 375 px screen', async () => {
    await open(`/tenants/${tenantId}`, 'Console Co');
    await page.getByRole('button', { name: 'Revoke key console-check' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke key console-check' });
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('region', { name: 'API keys' }).getByText('revoked').waitFor();

    await open('/payments', 'Payments');
    await page.getByText('Nothing awaits review.').waitFor();
    await screenshot(page, 'admin-payments');

    const narrow = await browser.newContext({ viewport: { width: 375, height: 800 }, storageState: await context.storageState() });
    const small = await narrow.newPage();
    for (const path of ['/tenants', `/tenants/${tenantId}`, '/prices']) {
      await small.goto(`${adminUrl}/console${path}`);
      await small.getByRole('heading', { level: 1 }).waitFor();
      expect(await small.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    }
    await screenshot(small, 'admin-tenants-375');
    await narrow.close();
  });

  describe('the backend (/console-api) over HTTP', () => {
    let cookie: string;

    beforeAll(async () => {
      const res = await consoleApi(adminUrl, 'POST', '/console-api/session', { body: { email: adminEmail, password: ADMIN_PASSWORD } });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ admin: expect.objectContaining({ email: adminEmail }), expires_at: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toContain('tgadm_');
      const setCookie = res.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/^tollgate_admin=tgadm_[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
      cookie = setCookie.split(';')[0];
    });

    it('answers who is signed in, and proxies reads to auth, billing and the gateway', async () => {
      expect((await consoleApi(adminUrl, 'GET', '/console-api/session', { cookie })).body).toMatchObject({ actor: `admin:${adminEmail}` });
      expect((await consoleApi(adminUrl, 'GET', '/console-api/auth/admin/tenants', { cookie })).status).toBe(200);
      const balance = await consoleApi(adminUrl, 'GET', `/console-api/billing/admin/tenants/${tenantId}/balance`, { cookie });
      expect(balance.body).toMatchObject({ tenantId, balanceMicros: expect.any(Number) });
      const models = await consoleApi(adminUrl, 'GET', `/console-api/gateway/admin/tenants/${tenantId}/models`, { cookie });
      expect(models.status).toBe(200);
      expect(models.headers.get('cache-control')).toBe('no-store');
      // Upstream errors come back as they are.
      const missing = await consoleApi(adminUrl, 'GET', '/console-api/billing/admin/tenants/not-a-uuid/balance', { cookie });
      expect(missing.status).toBe(400);
    });

    it('refuses a state-changing call without the CSRF header or from another origin', async () => {
      const before = (await admin.call<unknown[]>('auth', 'GET', '/admin/tenants')).body.length;
      const bare = await fetch(`${adminUrl}/console-api/auth/admin/tenants`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'csrf' }),
      });
      expect(bare.status).toBe(403);
      const crossSite = await consoleApi(adminUrl, 'POST', '/console-api/auth/admin/tenants', {
        cookie,
        body: { name: 'csrf' },
        headers: { origin: 'https://evil.example' },
      });
      expect(crossSite.status).toBe(403);
      const fetchSite = await consoleApi(adminUrl, 'POST', '/console-api/auth/admin/tenants', {
        cookie,
        body: { name: 'csrf' },
        headers: { 'sec-fetch-site': 'cross-site' },
      });
      expect(fetchSite.status).toBe(403);
      const signIn = await fetch(`${adminUrl}/console-api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: adminEmail, password: ADMIN_PASSWORD }),
      });
      expect(signIn.status).toBe(403);
      expect((await admin.call<unknown[]>('auth', 'GET', '/admin/tenants')).body.length).toBe(before);
    });

    it('is 401 without a session, whatever else is presented', async () => {
      expect((await consoleApi(adminUrl, 'GET', '/console-api/auth/admin/tenants')).status).toBe(401);
      expect((await consoleApi(adminUrl, 'GET', '/console-api/session')).status).toBe(401);
      expect((await consoleApi(adminUrl, 'GET', '/console-api/auth/admin/tenants', { headers: { authorization: `Bearer ${env.adminToken}` } })).status).toBe(
        401,
      );
      expect((await consoleApi(adminUrl, 'GET', '/console-api/auth/admin/tenants', { cookie: `tollgate_admin=${env.adminToken}` })).status).toBe(401);
      // A well-formed token that auth does not know: auth's own 401, passed on, and the cookie cleared.
      const unknown = await consoleApi(adminUrl, 'GET', '/console-api/auth/admin/tenants', { cookie: `tollgate_admin=tgadm_${'x'.repeat(43)}` });
      expect(unknown.status).toBe(401);
      expect(unknown.headers.get('set-cookie')).toMatch(/^tollgate_admin=; Path=\/; Max-Age=0/);
    });

    it.each([
      '/console-api/auth/api/docs',
      '/console-api/auth/api/docs-json',
      '/console-api/auth/health/live',
      '/console-api/billing/metrics',
      '/console-api/auth/admin/../health/live',
      '/console-api/auth/admin/%2e%2e/health/live',
      '/console-api/gateway/api/docs-json',
    ])('refuses %s', async (path) => {
      const res = await consoleApi(adminUrl, 'GET', path, { cookie });
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toMatch(/swagger|openapi|"status":"ok"/i);
    });

    it('is on the admin port only: the public port has no /console-api and serves the customer console', async () => {
      for (const path of ['/console-api/session', '/console-api/auth/admin/tenants', `/console-api/gateway/admin/tenants/${tenantId}/models`]) {
        expect((await fetch(`${publicUrl}${path}`, { headers: { cookie } })).status).toBe(404);
      }
      const signIn = await consoleApi(publicUrl, 'POST', '/console-api/session', { body: { email: adminEmail, password: ADMIN_PASSWORD } });
      expect(signIn.status).toBe(404);
      const publicConsole = await (await fetch(`${publicUrl}/console/tenants`)).text();
      expect(publicConsole).not.toContain('Tollgate admin');
      const adminConsole = await fetch(`${adminUrl}/console/tenants`);
      expect(adminConsole.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await adminConsole.text()).toContain('<title>Tollgate admin</title>');
    });

    it('signs out: the token stops working and the cookie is cleared', async () => {
      const out = await consoleApi(adminUrl, 'DELETE', '/console-api/session', { cookie });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^tollgate_admin=; Path=\/; Max-Age=0/);
      const token = cookie.split('=')[1];
      expect((await admin.withToken(token).call('auth', 'GET', '/admin/session')).status).toBe(401);
      expect((await consoleApi(adminUrl, 'GET', '/console-api/auth/admin/tenants', { cookie })).status).toBe(401);
    });
  });

  describe('configuration', () => {
    let bare: RunningGateway;
    let hanging: Server;

    beforeAll(async () => {
      hanging = createServer(() => undefined); // accepts, never answers
      await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
      const hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
      bare = await gatewayFor(env, { BILLING_ADMIN_URL: hangingUrl, ADMIN_CONSOLE_UPSTREAM_TIMEOUT_MS: '300' });
    });

    afterAll(async () => {
      await bare?.close();
      hanging?.closeAllConnections();
      await new Promise((resolve) => hanging?.close(resolve));
    });

    it('answers 503 naming the setting when AUTH_ADMIN_URL is unset', async () => {
      const res = await consoleApi(bare.adminUrl, 'POST', '/console-api/session', { body: { email: adminEmail, password: ADMIN_PASSWORD } });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain('AUTH_ADMIN_URL');
    });

    it('answers 504 when an upstream does not answer in time', async () => {
      const res = await consoleApi(bare.adminUrl, 'GET', `/console-api/billing/admin/tenants/${tenantId}/balance`, {
        cookie: `tollgate_admin=tgadm_${'y'.repeat(43)}`,
      });
      expect(res.status).toBe(504);
    });
  });
});
