import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, chat, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

describe('/me/keys: self-service keys with keys:manage', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let a: TenantFixture;
  let b: TenantFixture;
  let manager: string;

  const me = async (key: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.gateway.url}/me/keys${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    a = await tenantWithKey(admin, stack, { name: 'A', models: ['a-fast', 'a-premium'] });
    b = await tenantWithKey(admin, stack, { name: 'B', models: ['b-model'] });
    manager = (await admin.createKey(a.tenantId, { label: 'manager', scopes: ['keys:manage', 'chat:write', 'models:read'], models: ['a-fast'] })).key;
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  it('creates a key shown once, inheriting the manager limits, that works at once', async () => {
    const created = await me(manager, 'POST', '', { label: 'worker', scopes: ['chat:write'] });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^sk-tg-/);
    expect(created.body).toMatchObject({ label: 'worker', scopes: ['chat:write'], models: ['a-fast'], tenant_id: a.tenantId });
    expect((await chat(stack.gateway.baseUrl, created.body.key, { model: 'a-fast', messages: [{ role: 'user', content: 'x' }] })).status).toBe(200);
    expect((await chat(stack.gateway.baseUrl, created.body.key, { model: 'a-premium', messages: [{ role: 'user', content: 'x' }] })).status).toBe(403);
    const audit = await admin.call<{ data: { action: string; actor: string; keyId: string }[] }>('auth', 'GET', `/admin/tenants/${a.tenantId}/audit-log`);
    expect(audit.body.data.find((e) => e.keyId === created.body.id)).toMatchObject({ action: 'key.created', actor: expect.stringMatching(/^key:/) });
  });

  it('a key asked for without scopes gets the default ones, never key management or billing:write', async () => {
    const scopes = ['keys:manage', 'billing:write', 'billing:read', 'usage:read', 'chat:write', 'embeddings:write', 'models:read'];
    const broad = (await admin.createKey(a.tenantId, { label: 'broad', scopes })).key;
    const created = await me(broad, 'POST', '', { label: 'ci-bot' });
    expect(created.status).toBe(201);
    expect([...created.body.scopes].sort()).toEqual(['billing:read', 'chat:write', 'embeddings:write', 'models:read']);
    expect((await me(created.body.key, 'POST', '', { label: 'grandchild' })).status).toBe(403);
  });

  it('a key name must show something: blank or holding control characters is a 400 that says so, on /me and the admin API', async () => {
    for (const label of ['   ', 'bad\u0001name', 'two\nlines']) {
      const res = await me(manager, 'POST', '', { label });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ param: 'label', message: expect.stringMatching(/needs a name|control characters/) });
      expect((await admin.call('auth', 'POST', `/admin/tenants/${a.tenantId}/keys`, { label })).status).toBe(400);
    }
    const named = await me(manager, 'POST', '', { label: 'café — prod', scopes: ['chat:write'] });
    expect(named.status).toBe(201);
    expect((await me(manager, 'PATCH', `/${named.body.id}`, { label: 'tab\there' })).status).toBe(400);
  });

  it('cannot grant a scope it does not have', async () => {
    const res = await me(manager, 'POST', '', { label: 'sneaky', scopes: ['chat:write', 'billing:read'] });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ type: 'permission_error', param: 'scopes' });
    expect(res.body.error.message).toContain("'billing:read'");
  });

  it('cannot grant a model it may not use', async () => {
    const res = await me(manager, 'POST', '', { label: 'sneaky', models: ['a-premium'] });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("'a-premium'");
  });

  it('lists only its own tenant keys, never a raw key', async () => {
    const res = await me(manager, 'GET', '');
    expect(res.status).toBe(200);
    const keys = res.body.data as { tenant_id: string; masked: string; key?: string }[];
    expect(keys.length).toBeGreaterThanOrEqual(3);
    expect(keys.every((k) => k.tenant_id === a.tenantId && k.key === undefined && k.masked.startsWith('sk-tg-...'))).toBe(true);
    expect(keys.some((k) => (k as unknown as { id: string }).id === b.keyId)).toBe(false);
  });

  it('rotates and revokes its tenant keys with immediate effect', async () => {
    const { body: worker } = await me(manager, 'POST', '', { label: 'rotating', scopes: ['chat:write'] });
    const rotated = await me(manager, 'POST', `/${worker.id}/rotate`, {});
    expect(rotated.status).toBe(201);
    expect((await chat(stack.gateway.baseUrl, worker.key, { model: 'a-fast', messages: [{ role: 'user', content: 'x' }] })).status).toBe(401);
    expect((await chat(stack.gateway.baseUrl, rotated.body.key, { model: 'a-fast', messages: [{ role: 'user', content: 'x' }] })).status).toBe(200);
    const revoked = await me(manager, 'POST', `/${rotated.body.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect((await chat(stack.gateway.baseUrl, rotated.body.key, { model: 'a-fast', messages: [{ role: 'user', content: 'x' }] })).status).toBe(401);
  });

  it("cannot touch another tenant's key: 404, and the key keeps working", async () => {
    for (const path of [`/${b.keyId}/rotate`, `/${b.keyId}/revoke`]) {
      const res = await me(manager, 'POST', path, {});
      expect(res.status).toBe(404);
    }
    expect((await chat(stack.gateway.baseUrl, b.key, { model: 'b-model', messages: [{ role: 'user', content: 'x' }] })).status).toBe(200);
  });

  it('a key without keys:read cannot list keys, nor create one without keys:manage: 403 naming the scope', async () => {
    const list = await me(a.key, 'GET', '');
    expect(list.status).toBe(403);
    expect(list.body.error).toMatchObject({ type: 'permission_error', code: 'missing_scope' });
    expect(list.body.error.message).toContain("'keys:read'");
    const create = await me(a.key, 'POST', '', { label: 'nope' });
    expect(create.status).toBe(403);
    expect(create.body.error.message).toContain("'keys:manage'");
  });

  it('rejects a malformed body with 400', async () => {
    const res = await me(manager, 'POST', '', { scopes: 'all' });
    expect(res.status).toBe(400);
    expect(res.body.error.type).toBe('invalid_request_error');
  });
});
