import { CSRF_HEADER } from '../apps/gateway/src/me/csrf.guard';
import type { Stack } from './support/stack';
import type { TenantFixture } from './support/fixtures';
import { testStack, type TestStack } from './support/test-stack';

/**
 * Text the database cannot hold (NUL, an unpaired UTF-16 surrogate), and other values it would
 * refuse, are the caller's mistake: a 400 (401 for a sign-in) naming the field, never a 5xx or a
 * "service unavailable"; and what must be kept anyway (a stored response) is kept repaired.
 * Bodies are sent as raw JSON text, since escapes like \u0000 are what a client puts on the wire.
 */
describe('text and values the database cannot hold', () => {
  let ts: TestStack;
  let stack: Stack;
  let t: TenantFixture;

  beforeAll(async () => {
    ts = await testStack({
      tenants: [{ name: 'unstorable', scopes: ['chat:write', 'keys:read', 'keys:manage', 'billing:read', 'billing:write', 'usage:read'] }],
    });
    ({ stack } = ts);
    [t] = ts.tenants;
  }, 90_000);

  afterAll(() => ts?.close());

  const send = async (method: string, path: string, rawJson?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${stack.gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${t.key}`, ...(rawJson === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: rawJson,
    });
    return { status: res.status, body: (await res.json()) as { error?: { param?: string | null; code?: string; message?: string } } & Record<string, any> };
  };
  const refused = (param: string | null) => ({ status: 400, body: { error: expect.objectContaining({ type: 'invalid_request_error', param }) } });

  it('a model name with an unpaired surrogate is a 400 naming model, not an unknown model', async () => {
    expect(await send('POST', '/v1/chat/completions', '{"model":"x\\ud800","messages":[{"role":"user","content":"hi"}]}')).toMatchObject(refused('model'));
  });

  it('a stored response whose input holds NUL or an unpaired surrogate exists under the id the caller got, repaired', async () => {
    for (const input of ['a\\u0000b', '\\ud800x']) {
      const created = await send('POST', '/v1/responses', `{"model":"tollgate-fast","input":"${input}"}`);
      expect(created.status).toBe(200);
      const id = created.body.id as string;
      const items = await send('GET', `/v1/responses/${id}/input_items`);
      expect(items.status).toBe(200);
      expect(JSON.stringify(items.body.data)).toContain('\ufffd');
      expect((await send('GET', `/v1/responses/${id}`)).status).toBe(200);
      const next = await send('POST', '/v1/responses', `{"model":"tollgate-fast","input":"and then?","previous_response_id":"${id}"}`);
      expect(next.status).toBe(200);
    }
  });

  it('a response id holding NUL or an unpaired surrogate is simply not found, on every route', async () => {
    const notFound = (param: string | null = null) => ({ status: 404, body: { error: expect.objectContaining({ code: 'not_found', param }) } });
    expect(await send('GET', '/v1/responses/resp_%00')).toMatchObject(notFound());
    expect(await send('GET', '/v1/responses/resp_%00/input_items')).toMatchObject(notFound());
    expect(await send('DELETE', '/v1/responses/resp_%00')).toMatchObject(notFound());
    const chained = await send('POST', '/v1/responses', '{"model":"tollgate-fast","input":"hi","previous_response_id":"resp_\\u0000"}');
    expect(chained).toMatchObject(notFound('previous_response_id'));
    const lone = await send('POST', '/v1/responses', '{"model":"tollgate-fast","input":"hi","previous_response_id":"resp_\\udc00"}');
    expect(lone).toMatchObject(notFound('previous_response_id'));
  });

  it("an unknown parameter named like one of Object's own is unknown, in those words", async () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      const res = await send('POST', '/v1/responses', `{"model":"tollgate-fast","input":"hi","${name}":1}`);
      expect(res).toMatchObject(refused(name));
      expect(res.body.error?.message).toBe(`Unknown parameter: '${name}'.`);
    }
  });

  it('/me bodies: such text is a 400 naming its field, and nothing is created or changed', async () => {
    const before = await send('GET', '/me/keys');
    expect(await send('POST', '/me/keys', '{"label":"a\\u0000b"}')).toMatchObject(refused('label'));
    expect(await send('POST', '/me/keys', '{"label":"ok","models":["tollgate-fast","\\ud800"]}')).toMatchObject(refused('models.1'));
    expect(await send('PATCH', `/me/keys/${t.keyId}`, '{"label":"\\udc00"}')).toMatchObject(refused('label'));
    expect((await send('GET', '/me/keys')).body).toEqual(before.body);
    expect(await send('POST', '/me/webhooks', '{"url":"https://example.com/\\u0000","event_types":["balance.low"]}')).toMatchObject(refused('url'));
    expect(await send('PUT', '/me/billing/profile', '{"legal_name":"a\\u0000"}')).toMatchObject(refused('legal_name'));
  });

  it('a billing profile is never cleared by a body of null', async () => {
    expect((await send('PUT', '/me/billing/profile', '{"legal_name":"Acme Ltd"}')).status).toBe(200);
    expect(await send('PUT', '/me/billing/profile', 'null')).toMatchObject(refused(null));
    expect((await send('GET', '/me/billing/profile')).body).toMatchObject({ legal_name: 'Acme Ltd' });
  });

  it('a sign-in with such text is a wrong sign-in (401), not an outage', async () => {
    const res = await fetch(`${stack.gateway.url}/me/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: '{"email":"a\\u0000@example.com","password":"x\\ud800"}',
    });
    expect(res.status).toBe(401);
  });

  it.each([
    ['cursor=garbage', 'cursor'],
    ['cursor=99999999999999999999', 'cursor'],
    ['cursor=%00', 'cursor'],
    ['from=0000-01-01', 'from'],
    ['from=2026-02-30', 'from'],
    ['to=99999-01-01', 'to'],
    ['status=999999999999999999999', 'status'],
    ['model=%00', 'model'],
  ])('/me/request-logs?%s is a 400 naming %s', async (query, param) => {
    expect(await send('GET', `/me/request-logs?${query}`)).toMatchObject(refused(param));
  });
});
