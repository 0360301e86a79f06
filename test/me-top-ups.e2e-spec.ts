import { AdminClient } from './support/admin-client';
import { STRIPE_SECRETS } from './support/billing-stack';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, tenantWithKey, TenantFixture } from './support/fixtures';
import { portal, signedIn } from './support/portal';
import { startStack, Stack } from './support/stack';
import { startStripeStandIn, StripeStandIn } from './support/stripe-stand-in';

const STRIPE_KEY = 'sk_test_standin_4f9a8b7c6d5e3a21';

type Reply = { status: number; body: Record<string, any> };

async function call(stack: Stack, key: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${stack.gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('/me/billing/top-ups through a Stripe stand-in', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let stripe: StripeStandIn;
  let t: TenantFixture;
  let payer: string;

  const topUp = (key: string, body: unknown) => call(stack, key, 'POST', '/me/billing/top-ups', body);
  const balance = async () => (await call(stack, payer, 'GET', '/me/billing/balance')).body.balance_micros as number;

  beforeAll(async () => {
    env = await createTestEnv();
    stripe = await startStripeStandIn({ secretKey: STRIPE_KEY, webhookSecret: STRIPE_SECRETS[1] });
    stack = await startStack(env, {
      billingEnv: {
        STRIPE_SECRET_KEY: STRIPE_KEY,
        STRIPE_API_BASE: stripe.url,
        PUBLIC_BASE_URL: 'https://tollgate.test',
        TOP_UP_MIN_MICROS: '5000000',
        TOP_UP_MAX_MICROS: '500000000',
      },
    });
    stripe.sendWebhooksTo(`${stack.billing.url}/webhooks/payments/stripe`);
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack, { scopes: ['billing:read', 'billing:write'] });
    payer = t.key;
  });

  afterAll(async () => {
    await stack?.close();
    await stripe?.close();
    await env?.drop();
  });

  it('opens a Checkout Session for the amount in cents with the tenant in its metadata, and its webhook credits exactly once', async () => {
    const before = await balance();
    const res = await topUp(payer, { amount_micros: 19_990_000 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^cs_test_/),
      provider: 'stripe',
      url: expect.stringContaining(`/c/pay/${res.body.id}`),
      amount_micros: 19_990_000,
      currency: 'USD',
      expires_at: expect.any(String),
    });
    expect(Date.parse(res.body.expires_at)).toBeGreaterThan(Date.now());

    const sent = stripe.calls.at(-1)!;
    expect(sent.authorization).toBe(`Bearer ${STRIPE_KEY}`);
    expect(sent.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(sent.idempotencyKey).toMatch(/^top-up-[0-9a-f-]{36}$/);
    expect(sent.form).toMatchObject({
      mode: 'payment',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][price_data][unit_amount]': '1999',
      'line_items[0][quantity]': '1',
      'metadata[tenant_id]': t.tenantId,
      client_reference_id: t.tenantId,
      success_url: 'https://tollgate.test/console/billing?top_up=success',
      cancel_url: 'https://tollgate.test/console/billing?top_up=cancel',
    });
    expect(await balance()).toBe(before); // nothing credited until Stripe confirms

    const done = await stripe.complete(res.body.id);
    expect(done).toMatchObject({ status: 200, body: { received: true, outcome: 'credited' } });
    expect(await eventually(balance, (b) => b === before + 19_990_000)).toBe(before + 19_990_000);

    // Stripe's retry of the same event, and a second completion event for the same payment: nothing more.
    expect(await stripe.resend(done.eventId)).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    expect(await stripe.complete(res.body.id)).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    expect(await balance()).toBe(before + 19_990_000);
    const invoices = await call(stack, payer, 'GET', '/me/billing/invoices');
    expect(invoices.body.data.filter((i: { kind: string; total_micros: number }) => i.kind === 'top_up' && i.total_micros === 19_990_000)).toHaveLength(1);
  });

  it('refuses amounts below the minimum, above the maximum, not whole cents or not integers, naming amount_micros, and asks Stripe nothing', async () => {
    const calls = stripe.calls.length;
    for (const [amount, says] of [
      [4_990_000, 'at least 5.00 USD'],
      [500_010_000, 'at most 500.00 USD'],
      [10_005_000, 'whole number'],
      [12.5, 'integer'],
      ['25000000', 'integer'],
    ] as const) {
      const res = await topUp(payer, { amount_micros: amount });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_request', param: 'amount_micros' });
      expect(res.body.error.message).toContain(says);
    }
    expect((await topUp(payer, {})).body.error).toMatchObject({ code: 'invalid_request', param: 'amount_micros' });
    expect((await topUp(payer, { amountMicros: 25_000_000 })).status).toBe(400);
    expect(stripe.calls.length).toBe(calls);
  });

  it('answers 502 when Stripe fails or cannot be reached, and credits nothing', async () => {
    const before = await balance();
    for (const how of [500, 401, 'drop'] as const) {
      stripe.failNext(how);
      const res = await topUp(payer, { amount_micros: 25_000_000 });
      expect(res.status).toBe(502);
      expect(res.body.error).toMatchObject({ type: 'server_error', code: 'payment_provider_error' });
      expect(res.body.error.message).toMatch(/payment provider .*nothing was charged/);
      expect(res.body.error.message).not.toContain('sk_');
    }
    expect(await balance()).toBe(before);
  });

  it('needs billing:write: a billing:read key gets 403', async () => {
    const reader = (await admin.createKey(t.tenantId, { label: 'reader', scopes: ['billing:read'] })).key;
    const res = await topUp(reader, { amount_micros: 25_000_000 });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'missing_scope' });
  });

  it('a billing-role session may top up (and its scopes say so); a developer-role session may not', async () => {
    const billing = await signedIn(stack.gateway.url, admin, t.tenantId, 'billing');
    const session = await portal(stack.gateway.url, 'GET', '/me/session', { cookie: billing.cookie });
    expect(session.body.scopes).toContain('billing:write');
    const ok = await portal(stack.gateway.url, 'POST', '/me/billing/top-ups', { cookie: billing.cookie, body: { amount_micros: 50_000_000 } });
    expect(ok.status).toBe(201);
    expect(stripe.calls.at(-1)!.form).toMatchObject({ 'line_items[0][price_data][unit_amount]': '5000', 'metadata[tenant_id]': t.tenantId });

    const developer = await signedIn(stack.gateway.url, admin, t.tenantId, 'developer');
    const denied = await portal(stack.gateway.url, 'POST', '/me/billing/top-ups', { cookie: developer.cookie, body: { amount_micros: 50_000_000 } });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: 'missing_scope' });
  });
});

describe('/me/billing/top-ups without a payment provider', () => {
  let env: TestEnv;
  let stack: Stack;
  let t: TenantFixture;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    t = await tenantWithKey(adminFor(env, stack), stack, { scopes: ['billing:read', 'billing:write'] });
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  it('answers 501 top_up_unavailable, telling the customer to ask the operator', async () => {
    const res = await call(stack, t.key, 'POST', '/me/billing/top-ups', { amount_micros: 25_000_000 });
    expect(res.status).toBe(501);
    // An amount no top-up can have is the caller's mistake even here.
    for (const amount_micros of [-5, 0]) {
      const bad = await call(stack, t.key, 'POST', '/me/billing/top-ups', { amount_micros });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'invalid_request', param: 'amount_micros' });
    }
    expect(res.body.error).toMatchObject({ code: 'top_up_unavailable', type: 'server_error' });
    expect(res.body.error.message).toMatch(/ask your operator/i);
  });
});
