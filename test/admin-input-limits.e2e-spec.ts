import type { TestEnv } from './support/env';
import type { TenantFixture } from './support/fixtures';
import type { Stack } from './support/stack';
import { testStack, type TestStack } from './support/test-stack';

/**
 * The admin APIs store what they are sent: a body holding text the database cannot keep (NUL, an
 * unpaired surrogate) is a 400 naming the field on every service's admin port, before any handler,
 * never a 500 from Postgres nor text stored other than as sent; so are numbers past a column's
 * range and times outside years 1-9999, and a duplicate name is a 409. Bodies go as raw JSON text.
 */
describe('admin APIs: input the database cannot hold is a 400 (or a 409), never a 500', () => {
  let ts: TestStack;
  let env: TestEnv;
  let stack: Stack;
  let t: TenantFixture;

  beforeAll(async () => {
    ts = await testStack({ tenants: [{ name: 'admin-text' }] });
    ({ env, stack } = ts);
    [t] = ts.tenants;
  }, 90_000);

  afterAll(() => ts?.close());

  const post = async (base: string, path: string, rawJson: string, method = 'POST') => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${env.adminToken}`, 'content-type': 'application/json' },
      body: rawJson,
    });
    return { status: res.status, text: await res.text() };
  };

  it.each([
    ['auth', '/admin/tenants', '{"name":"a\\u0000b"}', 'name'],
    ['auth', '/admin/tenants', '{"name":"\\ud800"}', 'name'],
    ['billing', '/admin/tenants/{tenant}/credits', '{"amountMicros":1,"reason":"\\u0000"}', 'reason'],
    ['billing', '/admin/prices', '{"model":"m\\ud800","inputPerMillion":1,"outputPerMillion":1}', 'model'],
    ['gateway', '/admin/providers', '{"name":"p\\u0000","kind":"openai","baseUrl":"https://api.example.com/v1"}', 'name'],
  ])('%s %s with %s: 400 naming %s', async (service, path, body, field) => {
    const base = service === 'auth' ? stack.auth.url : service === 'billing' ? stack.billing.url : stack.gateway.adminUrl;
    const res = await post(base, path.replace('{tenant}', t.tenantId), body);
    expect(res.status).toBe(400);
    expect(res.text).toContain(`'${field}'`);
    expect(res.text).toContain('no NUL characters or unpaired surrogates');
  });

  it('the same body with valid text is taken', async () => {
    expect((await post(stack.auth.url, '/admin/tenants', '{"name":"caf\\u00e9 \\ud83d\\ude00"}')).status).toBe(201);
  });

  it('a rate limit past what the database holds (2^31 - 1) is a 400 on the admin API (keys and tenant limits)', async () => {
    for (const body of ['{"rpm":2147483648}', '{"tpm":1e308}']) {
      expect((await post(stack.auth.url, `/admin/tenants/${t.tenantId}/rate-limits`, body, 'PUT')).status).toBe(400);
    }
    expect((await post(stack.auth.url, `/admin/tenants/${t.tenantId}/keys`, '{"label":"big","rateLimits":{"rpm":2147483648}}')).status).toBe(400);
    expect((await post(stack.auth.url, `/admin/tenants/${t.tenantId}/rate-limits`, '{"rpm":2147483647}', 'PUT')).status).toBe(200);
  });

  it('a second provider of the same name is a 409, not a 500', async () => {
    const body = JSON.stringify({ name: `dup-${Date.now()}`, kind: 'openai', baseUrl: 'https://api.example.com/v1' });
    expect((await post(stack.gateway.adminUrl, '/admin/providers', body)).status).toBe(201);
    const again = await post(stack.gateway.adminUrl, '/admin/providers', body);
    expect(again.status).toBe(409);
    expect(again.text).toContain('already exists');
  });

  it('audit and request-log queries with a time Postgres cannot hold are a 400, not a 500', async () => {
    const get = async (base: string, path: string) => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${env.adminToken}` } })).status;
    expect(await get(stack.auth.url, `/admin/tenants/${t.tenantId}/audit-log?before=0000-01-01`)).toBe(400);
    expect(await get(stack.gateway.adminUrl, '/admin/audit?before=0000-01-01')).toBe(400);
    expect(await get(stack.billing.url, `/admin/tenants/${t.tenantId}/request-logs?from=0000-01-01T00:00:00Z`)).toBe(400);
    expect(await get(stack.billing.url, `/admin/tenants/${t.tenantId}/request-logs?model=%00`)).toBe(400);
    expect(await get(stack.billing.url, `/admin/tenants/${t.tenantId}/request-logs?cursor=9999999999999999999`)).toBe(400);
    expect(await get(stack.billing.url, `/admin/tenants/${t.tenantId}/request-logs?from=2026-01-01T00:00:00Z`)).toBe(200);
  });

  it('null where a field may only be left out is a 400, not a 500', async () => {
    expect((await post(stack.auth.url, `/admin/keys/${t.keyId}`, '{"label":null}', 'PATCH')).status).toBe(400);
    const user = JSON.stringify({ email: `null-${Date.now()}@example.com`, role: 'viewer', password: null });
    expect((await post(stack.auth.url, `/admin/tenants/${t.tenantId}/users`, user)).status).toBe(400);
    expect((await post(stack.auth.url, `/admin/keys/${t.keyId}`, '{"label":"renamed"}', 'PATCH')).status).toBe(200);
  });
});
