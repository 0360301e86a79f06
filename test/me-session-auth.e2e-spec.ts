import OpenAI from 'openai';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, chat, TenantFixture, tenantWithKey } from './support/fixtures';
import { portal, signedIn } from './support/portal';
import { startStack, Stack } from './support/stack';

/** A portal session authenticates /me/* with its role's scopes, in its own tenant only. */
describe('/me/* with a portal session', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let a: TenantFixture;
  let b: TenantFixture;
  let gw: string;
  const owner = { cookie: '' };
  const as = (who: { cookie: string }, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    portal(gw, method, path, { cookie: who.cookie, body, headers });

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    gw = stack.gateway.url;
    a = await tenantWithKey(admin, stack, { name: 'A', models: ['a-model'] });
    b = await tenantWithKey(admin, stack, { name: 'B', models: ['b-model'] });
    owner.cookie = (await signedIn(gw, admin, a.tenantId, 'owner')).cookie;
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  it('tells the console which scopes the role holds', async () => {
    const res = await as(owner, 'GET', '/me/session');
    expect(res.status).toBe(200);
    expect(res.body.scopes).toEqual(expect.arrayContaining(['keys:manage', 'billing:read', 'team:manage']));
    const viewer = await signedIn(gw, admin, a.tenantId, 'viewer');
    expect((await as(viewer, 'GET', '/me/session')).body.scopes).not.toContain('keys:manage');
  });

  it('an owner creates a key that works with the OpenAI SDK, renames it, deletes it: 401 after', async () => {
    const created = await as(owner, 'POST', '/me/keys', { label: 'from-console', scopes: ['chat:write'] });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^sk-tg-/);
    const client = new OpenAI({ apiKey: created.body.key, baseURL: `${gw}/v1`, maxRetries: 0 });
    const answer = await client.chat.completions.create({ model: 'a-model', messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.choices[0].message.content).toBeTruthy();

    const renamed = await as(owner, 'PATCH', `/me/keys/${created.body.id}`, { label: 'renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: created.body.id, label: 'renamed', status: 'active' });
    expect((await as(owner, 'GET', '/me/keys')).body.data.map((k: { label: string }) => k.label)).toContain('renamed');

    expect((await as(owner, 'DELETE', `/me/keys/${created.body.id}`)).status).toBe(204);
    await expect(client.chat.completions.create({ model: 'a-model', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 401 });
    expect((await as(owner, 'GET', '/me/keys')).body.data.map((k: { id: string }) => k.id)).not.toContain(created.body.id);
  });

  it('a viewer lists keys but cannot create one; a developer cannot see billing; a billing user cannot list keys', async () => {
    const viewer = await signedIn(gw, admin, a.tenantId, 'viewer');
    expect((await as(viewer, 'GET', '/me/keys')).status).toBe(200);
    const denied = await as(viewer, 'POST', '/me/keys', { label: 'nope' });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: 'missing_scope' });
    expect(denied.body.error.message).toContain('viewer');

    const developer = await signedIn(gw, admin, a.tenantId, 'developer');
    expect((await as(developer, 'GET', '/me/billing/balance')).status).toBe(403);
    expect((await as(developer, 'GET', '/me/request-logs')).status).toBe(200);

    const billing = await signedIn(gw, admin, a.tenantId, 'billing');
    expect((await as(billing, 'GET', '/me/billing/balance')).status).toBe(200);
    expect((await as(billing, 'GET', '/me/keys')).status).toBe(403);
  });

  it('a developer cannot grant a scope its role lacks', async () => {
    const developer = await signedIn(gw, admin, a.tenantId, 'developer');
    const res = await as(developer, 'POST', '/me/keys', { label: 'wide', scopes: ['billing:read'] });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("'billing:read'");
  });

  it("tenant A's session never reaches tenant B: B's key is not found, and A's lists hold none of B's", async () => {
    for (const [method, path, body] of [
      ['PATCH', `/me/keys/${b.keyId}`, { label: 'x' }],
      ['POST', `/me/keys/${b.keyId}/revoke`, undefined],
      ['DELETE', `/me/keys/${b.keyId}`, undefined],
    ] as const) {
      expect((await as(owner, method, path, body)).status).toBe(404);
    }
    const keys = (await as(owner, 'GET', '/me/keys')).body.data as { tenant_id: string }[];
    expect(keys.every((k) => k.tenant_id === a.tenantId)).toBe(true);
    expect((await as(owner, 'GET', '/me/models')).body.data.map((m: { id: string }) => m.id)).toEqual(['a-model']);
    expect((await chat(stack.gateway.baseUrl, b.key, { model: 'b-model', messages: [{ role: 'user', content: 'x' }] })).status).toBe(200);
  });

  it('refuses a state-changing call without the CSRF header or from another site, and reads need none', async () => {
    const noHeader = await fetch(`${gw}/me/keys`, {
      method: 'POST',
      headers: { cookie: owner.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'csrf' }),
    });
    expect(noHeader.status).toBe(403);
    expect(((await noHeader.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    const crossSite = await as(owner, 'POST', '/me/keys', { label: 'csrf' }, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await fetch(`${gw}/me/keys`, { headers: { cookie: owner.cookie } })).status).toBe(200);
  });

  it('a signed-out or forged session is refused', async () => {
    const user = await signedIn(gw, admin, a.tenantId, 'owner');
    expect((await as(user, 'DELETE', '/me/session')).status).toBe(204);
    const after = await as(user, 'GET', '/me/keys');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('not_signed_in');
    expect((await as({ cookie: 'tollgate_session=forged' }, 'GET', '/me/keys')).status).toBe(401);
  });

  it('statements download as CSV and PDF through ?format=, for a link the browser follows', async () => {
    await chat(stack.gateway.baseUrl, a.key, { model: 'a-model', messages: [{ role: 'user', content: 'bill me' }] });
    const month = new Date().toISOString().slice(0, 7);
    const csv = await fetch(`${gw}/me/billing/statement?month=${month}&format=csv`, { headers: { cookie: owner.cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const pdf = await fetch(`${gw}/me/billing/statement?month=${month}&format=pdf`, { headers: { cookie: owner.cookie } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect((await fetch(`${gw}/me/billing/statement?month=${month}&format=xml`, { headers: { cookie: owner.cookie } })).status).toBe(400);
  });
});
