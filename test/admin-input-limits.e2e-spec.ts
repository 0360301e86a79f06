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

  it('a model registered with white space at either end is a 400: no caller could tell " " or "fast " from another model', async () => {
    const route = (model: string, upstreamModel = 'gpt-4o-mini') => JSON.stringify({ model, providerId: t.providerId, upstreamModel });
    for (const body of [route(' '), route('fast '), route('\u00a0fast'), route('fast', 'gpt ')]) {
      const res = await post(stack.gateway.adminUrl, `/admin/tenants/${t.tenantId}/models`, body, 'PUT');
      expect(res.status).toBe(400);
      expect(res.text).toContain('white space');
    }
    expect((await post(stack.gateway.adminUrl, `/admin/tenants/${t.tenantId}/models`, route('fast-trimmed'), 'PUT')).status).toBe(200);
  });

  it('a page limit that is no whole number in range is a 400 naming the bound, never silently clamped', async () => {
    const get = async (base: string, path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${env.adminToken}` } });
      return { status: res.status, text: await res.text() };
    };
    const pages: [string, string][] = [
      [stack.auth.url, `/admin/tenants/${t.tenantId}/audit-log`],
      [stack.billing.url, `/admin/tenants/${t.tenantId}/ledger`],
      [stack.billing.url, '/admin/payments'],
    ];
    for (const [base, path] of pages) {
      for (const limit of ['abc', '-1', '0', '1e9', '1.5', '501']) {
        const res = await get(base, `${path}?limit=${limit}`);
        expect(res.status).toBe(400);
        expect(res.text).toContain('from 1 to 500');
      }
      expect((await get(base, `${path}?limit=500`)).status).toBe(200);
      expect((await get(base, path)).status).toBe(200);
    }
  });

  it("a URL over 16 KB (431) or a path segment over Fastify's limit (414) gets the admin error shape on auth and billing, not the HTTP layer's own", async () => {
    for (const base of [stack.auth.url, stack.billing.url]) {
      const res = await fetch(`${base}/admin/prices?pad=${'a'.repeat(20_000)}`, { headers: { authorization: `Bearer ${env.adminToken}` } });
      expect(res.status).toBe(431);
      expect(await res.json()).toEqual({
        error: { message: expect.stringContaining('exceed'), type: 'invalid_request_error', code: 'request_header_fields_too_large' },
      });
      const long = await fetch(`${base}/admin/tenants/${'t'.repeat(1000)}/balance`, { headers: { authorization: `Bearer ${env.adminToken}` } });
      expect({ status: long.status, body: await long.json() }).toEqual({ status: 414, body: { error: expect.objectContaining({ code: 'uri_too_long' }) } });
    }
  });

  it('the admin console proxy answers a method it does not pass on with a 405 naming the ones it does', async () => {
    for (const method of ['HEAD', 'OPTIONS']) {
      const res = await fetch(`${stack.gateway.adminUrl}/console-api/auth/admin/tenants`, { method });
      expect({ method, status: res.status, allow: res.headers.get('allow') }).toEqual({ method, status: 405, allow: 'GET, POST, PUT, PATCH, DELETE' });
    }
  });

  it('null where a field may only be left out is a 400, not a 500', async () => {
    expect((await post(stack.auth.url, `/admin/keys/${t.keyId}`, '{"label":null}', 'PATCH')).status).toBe(400);
    const user = JSON.stringify({ email: `null-${Date.now()}@example.com`, role: 'viewer', password: null });
    expect((await post(stack.auth.url, `/admin/tenants/${t.tenantId}/users`, user)).status).toBe(400);
    expect((await post(stack.auth.url, `/admin/keys/${t.keyId}`, '{"label":"renamed"}', 'PATCH')).status).toBe(200);
  });
});
