import OpenAI from 'openai';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, chat, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

describe('tenant isolation', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let a: TenantFixture;
  let b: TenantFixture;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    a = await tenantWithKey(admin, stack, { name: 'A', models: ['a-model', 'shared-name'] });
    b = await tenantWithKey(admin, stack, { name: 'B', models: ['b-secret-model', 'shared-name'] });
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  it("lists only the caller tenant's models", async () => {
    const ids = async (key: string) => {
      const out: string[] = [];
      for await (const m of new OpenAI({ apiKey: key, baseURL: stack.gateway.baseUrl }).models.list()) out.push(m.id);
      return out.sort();
    };
    expect(await ids(a.key)).toEqual(['a-model', 'shared-name']);
    expect(await ids(b.key)).toEqual(['b-secret-model', 'shared-name']);
  });

  it("cannot reach another tenant's model: 404, as if it did not exist", async () => {
    const res = await chat(stack.gateway.baseUrl, a.key, { model: 'b-secret-model', messages: [{ role: 'user', content: 'x' }] });
    const unknown = await chat(stack.gateway.baseUrl, a.key, { model: 'never-existed', messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(404);
    expect(res.body.error!.message).toBe("The model 'b-secret-model' does not exist or you do not have access to it.");
    expect({ ...unknown.body.error, message: '' }).toEqual({ ...res.body.error, message: '' });
  });

  it("the same model name routes to each tenant's own route", async () => {
    await admin.addModel(b.tenantId, 'shared-name', b.providerId, 'b-upstream-model');
    stack.mock.reset();
    await chat(stack.gateway.baseUrl, a.key, { model: 'shared-name', messages: [{ role: 'user', content: 'x' }] });
    await chat(stack.gateway.baseUrl, b.key, { model: 'shared-name', messages: [{ role: 'user', content: 'x' }] });
    expect(stack.mock.requests.map((r) => (r.body as { model: string }).model)).toEqual(['gpt-4.1-mini', 'b-upstream-model']);
  });

  it("key listings and audit logs hold only the tenant's own keys", async () => {
    const keysA = await admin.listKeys(a.tenantId);
    expect(keysA.map((k) => k.id)).toEqual([a.keyId]);
    expect(keysA.every((k) => k.tenantId === a.tenantId)).toBe(true);
    const audit = await admin.call<{ data: { keyId: string | null }[] }>('auth', 'GET', `/admin/tenants/${a.tenantId}/audit-log`);
    expect(audit.body.data.some((e) => e.keyId === b.keyId)).toBe(false);
  });

  it('unknown tenants are 404 on the admin API', async () => {
    expect((await admin.call('auth', 'GET', '/admin/tenants/00000000-0000-4000-8000-000000000000/keys')).status).toBe(404);
    expect((await admin.call('auth', 'POST', '/admin/tenants/not-a-uuid/keys', { label: 'x' })).status).toBe(404);
    // What was sent in place of an id is not repeated back (a path segment may be any text).
    const odd = encodeURIComponent('<b>not an id</b>');
    for (const service of ['auth', 'gateway'] as const) {
      const path = service === 'auth' ? `/admin/tenants/${odd}/keys` : `/admin/tenants/${odd}/models`;
      const res = await admin.call(service, 'GET', path);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('<b>');
    }
  });
});
