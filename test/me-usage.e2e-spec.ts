import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, chat, TenantFixture, tenantWithKey } from './support/fixtures';
import { portal, signedIn } from './support/portal';
import { startStack, Stack } from './support/stack';

type Row = {
  day?: string;
  model?: string;
  key_id?: string;
  key_label?: string | null;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_micros: number;
};

/** /me/usage: what the console's usage charts draw, totalled by day, model and key from the request logs. */
describe('/me/usage', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let a: TenantFixture;
  let b: TenantFixture;
  let second: { key: string; id: string };
  let gw: string;
  const today = new Date().toISOString().slice(0, 10);
  const get = (key: string, query: string) => portal(gw, 'GET', `/me/usage${query}`, { headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    gw = stack.gateway.url;
    a = await tenantWithKey(admin, stack, { name: 'A', models: ['m-one', 'm-two'], scopes: ['chat:write', 'usage:read'] });
    b = await tenantWithKey(admin, stack, { name: 'B', models: ['m-one'], scopes: ['chat:write', 'usage:read'] });
    second = await admin.createKey(a.tenantId, { label: 'second', scopes: ['chat:write'] });
    for (const [key, model] of [
      [a.key, 'm-one'],
      [a.key, 'm-one'],
      [a.key, 'm-two'],
      [second.key, 'm-two'],
    ]) {
      expect((await chat(stack.gateway.baseUrl, key, { model, messages: [{ role: 'user', content: 'count me' }] })).status).toBe(200);
    }
    const logs = await eventually(
      () => portal(gw, 'GET', '/me/request-logs', { headers: { authorization: `Bearer ${a.key}` } }),
      (r) => r.body.data?.length === 4,
    );
    expect(logs.body.data).toHaveLength(4);
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  it('by day: today holds every call, and its cost is the sum of the request logs', async () => {
    const logs = (await portal(gw, 'GET', '/me/request-logs', { headers: { authorization: `Bearer ${a.key}` } })).body.data as Row[];
    const res = await get(a.key, '');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'list', group_by: 'day', to: today, truncated: false });
    const row = (res.body.data as Row[]).find((r) => r.day === today)!;
    expect(row.requests).toBe(4);
    expect(row.cost_micros).toBe(logs.reduce((sum, l) => sum + l.cost_micros, 0));
    expect(row.cost_micros).toBeGreaterThan(0);
    expect(res.body.total).toMatchObject({ requests: 4, cost_micros: row.cost_micros, errors: 0 });
  });

  it('by model and by key', async () => {
    const models = (await get(a.key, `?group_by=model&from=${today}&to=${today}`)).body.data as Row[];
    expect(Object.fromEntries(models.map((r) => [r.model, r.requests]))).toEqual({ 'm-one': 2, 'm-two': 2 });
    const keys = (await get(a.key, '?group_by=key')).body.data as Row[];
    expect(Object.fromEntries(keys.map((r) => [r.key_label, r.requests]))).toEqual({ fixture: 3, second: 1 });
    expect(keys.find((r) => r.key_label === 'second')!.key_id).toBe(second.id);
  });

  it('downloads as CSV through ?format=csv, with a session cookie', async () => {
    const owner = await signedIn(gw, admin, a.tenantId, 'owner');
    const res = await fetch(`${gw}/me/usage?group_by=model&format=csv`, { headers: { cookie: owner.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('group,key_label,requests,errors,prompt_tokens,cached_tokens,completion_tokens,cost_micros,cost');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',').slice(0, 3).join(','))
        .sort(),
    ).toEqual(['m-one,,2', 'm-two,,2']);
  });

  it("another tenant sees only its own (none of A's calls)", async () => {
    const res = await get(b.key, '?group_by=model');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    expect(res.body.total.requests).toBe(0);
  });

  it.each([
    ['?group_by=week', 'group_by'],
    ['?from=2026-02-30', 'from'],
    ['?from=yesterday', 'from'],
    ['?from=2026-05-02&to=2026-05-01', 'to'],
    ['?from=2020-01-01&to=2026-01-01', 'from'],
    ['?tenant_id=x', 'tenant_id'],
    ['?format=pdf', 'format'],
  ])('refuses %s with a 400 naming %s', async (query, param) => {
    const res = await get(a.key, query);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param });
  });

  it("request logs filtered by today's date (as the console's date fields send it) include today's calls", async () => {
    const res = await portal(gw, 'GET', `/me/request-logs?from=${today}&to=${today}`, { headers: { authorization: `Bearer ${a.key}` } });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(4);
  });

  it('needs usage:read', async () => {
    const res = await get(second.key, '');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("'usage:read'");
  });
});
