import { randomUUID } from 'node:crypto';
import { AdminClient } from './support/admin-client';
import { STRIPE_SECRETS, stripeSignature, waitUntil } from './support/billing-stack';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, chat, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** Every object key anywhere in `value` that is not snake_case, with its path. */
function notSnakeCase(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => notSnakeCase(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(SNAKE.test(k) ? [] : [`${path}.${k}`]), ...notSnakeCase(v, `${path}.${k}`)]);
}

/** The keys that occur anywhere in `value`, for checking that a response is not vacuously snake_case. */
function allKeys(value: unknown): Set<string> {
  const keys = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') for (const [k, inner] of Object.entries(v)) keys.add(k) && walk(inner);
  };
  walk(value);
  return keys;
}

describe('/me: every public JSON response is snake_case', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  const month = new Date().toISOString().slice(0, 7);

  const me = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${t.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.headers.get('content-type')).toContain('application/json');
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack, { name: 'snake', scopes: ['chat:write', 'billing:read', 'keys:manage'] });
    // A paid top-up (an invoice and a statement credit), a debit adjustment and a served call (a request log and usage).
    const event = JSON.stringify({
      id: `evt_${randomUUID().replace(/-/g, '')}`,
      type: 'checkout.session.completed',
      data: {
        object: {
          id: `cs_${randomUUID()}`,
          payment_status: 'paid',
          amount_total: 100,
          currency: 'usd',
          payment_intent: `pi_${randomUUID()}`,
          metadata: { tenant_id: t.tenantId },
        },
      },
    });
    const paid = await fetch(`${stack.billing.url}/webhooks/payments/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(event, STRIPE_SECRETS[1]) },
      body: event,
    });
    expect(paid.status).toBe(200);
    await admin.credit(t.tenantId, -1_000, 'snake-case debit');
    expect((await chat(stack.gateway.baseUrl, t.key)).status).toBe(200);
    await waitUntil(async () => (await me('GET', '/me/request-logs')).body.data?.length === 1, 10_000, 'request log booked');
    await waitUntil(async () => (await me('GET', '/me/billing/invoices')).body.data?.length >= 1, 10_000, 'top-up invoice');
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  it('GET /me/billing/balance', async () => {
    const res = await me('GET', '/me/billing/balance');
    expect(res.status).toBe(200);
    expect(notSnakeCase(res.body)).toEqual([]);
    expect(res.body).toEqual({ tenant_id: t.tenantId, currency: expect.any(String), balance_micros: expect.any(Number) });
  });

  it('GET /me/billing/statement', async () => {
    const res = await me('GET', `/me/billing/statement?month=${month}`);
    expect(res.status).toBe(200);
    expect(notSnakeCase(res.body)).toEqual([]);
    expect(res.body.credits.length).toBeGreaterThan(0);
    expect(res.body.usage.length).toBeGreaterThan(0);
    expect(res.body.debits.length).toBeGreaterThan(0);
    expect([...allKeys(res.body)]).toEqual(
      expect.arrayContaining([
        'opening_balance_micros',
        'credits_micros',
        'debits_micros',
        'closing_balance_micros',
        'amount_micros',
        'prompt_tokens',
        'cost_micros',
      ]),
    );
    expect(res.body.debits).toContainEqual(expect.objectContaining({ amount_micros: 1_000 }));
  });

  it('GET /me/billing/invoices', async () => {
    const res = await me('GET', '/me/billing/invoices');
    expect(res.status).toBe(200);
    expect(notSnakeCase(res.body)).toEqual([]);
    expect(res.body.object).toBe('list');
    expect(res.body.data).toContainEqual(expect.objectContaining({ kind: 'top_up', total_micros: 1_000_000, issued_at: expect.any(String) }));
  });

  it('GET /me/request-logs, with its snake_case filters', async () => {
    const res = await me('GET', `/me/request-logs?key_id=${t.keyId}&model=tollgate-fast&status=200&from=2020-01-01T00:00:00Z&limit=10`);
    expect(res.status).toBe(200);
    expect(notSnakeCase(res.body)).toEqual([]);
    expect(res.body).toMatchObject({ object: 'list', next_cursor: null });
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      request_id: expect.any(String),
      key_id: t.keyId,
      key_label: 'fixture',
      cost_micros: expect.any(Number),
      prompt_tokens: expect.any(Number),
      latency_ms: expect.any(Number),
    });
  });

  it('a camelCase query parameter is refused, not ignored', async () => {
    const res = await me('GET', `/me/request-logs?keyId=${randomUUID()}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param: 'keyId' });
  });

  it('POST /me/keys, GET /me/keys, rotate and revoke', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const created = await me('POST', '/me/keys', { label: 'snake', scopes: ['chat:write'], expires_at: expiresAt, rate_limits: { rpm: 5 } });
    expect(created.status).toBe(201);
    expect(notSnakeCase(created.body)).toEqual([]);
    expect(created.body).toMatchObject({
      key: expect.stringMatching(/^sk-tg-/),
      tenant_id: t.tenantId,
      expires_at: expiresAt,
      rate_limits: { rpm: 5, tpm: null },
      created_at: expect.any(String),
    });

    const listed = await me('GET', '/me/keys');
    expect(listed.status).toBe(200);
    expect(notSnakeCase(listed.body)).toEqual([]);
    expect(listed.body).toMatchObject({ object: 'list' });
    expect(listed.body.data.find((k: { id: string }) => k.id === created.body.id)).toMatchObject({
      expires_at: expiresAt,
      last_used_at: null,
      revoked_at: null,
    });

    const rotated = await me('POST', `/me/keys/${created.body.id}/rotate`, { grace_period_seconds: 0 });
    expect(rotated.status).toBe(201);
    expect(notSnakeCase(rotated.body)).toEqual([]);
    expect(rotated.body).toMatchObject({ key: expect.stringMatching(/^sk-tg-/), rotated_from_id: created.body.id });

    const revoked = await me('POST', `/me/keys/${rotated.body.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(notSnakeCase(revoked.body)).toEqual([]);
    expect(revoked.body).toMatchObject({ id: rotated.body.id, status: 'revoked', revoked_at: expect.any(String) });
  });

  it('a camelCase body field is refused with 400 naming it, not silently dropped', async () => {
    const created = await me('POST', '/me/keys', { label: 'camel', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ type: 'invalid_request_error', param: 'expiresAt' });
    const rotated = await me('POST', `/me/keys/${t.keyId}/rotate`, { gracePeriodSeconds: 60 });
    expect(rotated.status).toBe(400);
    expect(rotated.body.error).toMatchObject({ param: 'gracePeriodSeconds' });
  });
});
