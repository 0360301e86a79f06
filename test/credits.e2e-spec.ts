import Redis from 'ioredis';
import OpenAI from 'openai';
import { randomUUID } from 'node:crypto';
import { CreditStore } from '@tollgate/credit';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import { AdminClient } from './support/admin-client';
import { pdfText, STRIPE_SECRETS, stripeSignature, waitUntil } from './support/billing-stack';
import { createTestEnv, REDIS_URL, TestEnv } from './support/env';
import { adminFor, chat, INSUFFICIENT_CREDITS_BODY, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

/** 20 micro-units per output token: a call capped at 5 output tokens costs exactly 100 micro-units. */
const PER_MILLION = 20_000_000;

describe('prepaid credit at the edge: holds, settlement, 403 when spent', () => {
  let env: TestEnv;
  let stack: Stack;
  let billing: RunningBilling;
  let admin: AdminClient;
  let redis: Redis;
  let credit: CreditStore;

  const billingCall = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${billing.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${env.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
  };

  /** Pays through a Stripe-signed checkout.session.completed webhook, as the payment provider would. */
  const topUp = async (tenantId: string, cents: number) => {
    const body = JSON.stringify({
      id: `evt_${randomUUID().replace(/-/g, '')}`,
      type: 'checkout.session.completed',
      data: {
        object: {
          id: `cs_${randomUUID()}`,
          payment_status: 'paid',
          amount_total: cents,
          currency: 'usd',
          payment_intent: `pi_${randomUUID()}`,
          metadata: { tenant_id: tenantId },
        },
      },
    });
    const res = await fetch(`${billing.url}/webhooks/payments/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(body, STRIPE_SECRETS[1]) },
      body,
    });
    expect(res.status).toBe(200);
    await waitUntil(async () => (await credit.available(tenantId)).balance === cents * 10_000, 5000, 'balance in Redis');
  };

  const setPrice = async (model: string, price: { input: number; output: number; maxOutputTokens?: number }) => {
    const res = await billingCall('POST', '/admin/prices', {
      model,
      inputPerMillion: price.input,
      cachedInputPerMillion: price.input,
      outputPerMillion: price.output,
      maxOutputTokens: price.maxOutputTokens ?? 4096,
    });
    expect(res.status).toBe(201);
    await waitUntil(
      async () => {
        const seen = await admin.call<{ data: { model: string; outputPerMillion: number }[] }>('gateway', 'GET', '/admin/prices');
        return seen.body.data.some((p) => p.model === model && p.outputPerMillion === price.output);
      },
      5000,
      'gateway price list',
    );
  };

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    billing = stack.billing;
    admin = adminFor(env, stack);
    redis = new Redis(REDIS_URL, { keyPrefix: env.redisPrefix });
    credit = new CreditStore(redis);
  });

  afterAll(async () => {
    redis?.disconnect();
    await stack?.close();
    await env?.drop();
  });

  it('balance 1.00, 100 concurrent requests holding 0.10 each: at most 10 admitted, never below zero, ledger = real costs', async () => {
    const t: TenantFixture = await tenantWithKey(admin, stack, { creditMicros: 0, name: 'burst', models: ['burst-model'] });
    await admin.addModel(t.tenantId, 'burst-model', t.providerId, 'mock-slow-1500');
    await setPrice('burst-model', { input: 0, output: 100_000_000 }); // 1000 output tokens cost 0.10
    await topUp(t.tenantId, 100);
    const body = { model: 'burst-model', max_tokens: 1000, messages: [{ role: 'user', content: 'hello there' }] };
    const results = await Promise.all(Array.from({ length: 100 }, () => chat(stack.gateway.baseUrl, t.key, body)));
    const admitted = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 403);
    expect(admitted.length).toBeLessThanOrEqual(10);
    expect(admitted.length).toBeGreaterThanOrEqual(1);
    expect(admitted.length + refused.length).toBe(100);
    expect(refused[0].body).toEqual(INSUFFICIENT_CREDITS_BODY);

    const costs = admitted.map((r) => Number(r.headers.get('x-tollgate-cost')));
    expect(costs.every((c) => c > 0 && c <= 100_000)).toBe(true);
    const total = costs.reduce((a, b) => a + b, 0);
    await waitUntil(
      async () => (await billingCall<{ balanceMicros: number }>('GET', `/admin/tenants/${t.tenantId}/balance`)).body.balanceMicros === 1_000_000 - total,
      10_000,
      'ledger',
    );
    const ledger = await billingCall<{ data: { kind: string; amountMicros: number }[] }>('GET', `/admin/tenants/${t.tenantId}/ledger`);
    const debits = ledger.body.data.filter((e) => e.kind === 'usage').reduce((n, e) => n + Math.abs(e.amountMicros), 0);
    expect(debits).toBe(total);
    expect(await credit.openHolds(t.tenantId)).toBe(0);
    const fast = await credit.available(t.tenantId);
    expect(fast).toMatchObject({ balance: 1_000_000 - total, held: 0, unbooked: 0 });
  });

  it('Done when: topped up by a signed Stripe webhook, spends exactly its balance through the SDK, then 403, and every figure agrees', async () => {
    const t = await tenantWithKey(admin, stack, { creditMicros: 0, name: 'done-when', models: ['metered'] });
    await setPrice('metered', { input: 0, output: PER_MILLION });
    await topUp(t.tenantId, 1); // 1 cent = 10,000 micro-units = exactly 100 calls
    const { key } = await admin.createKey(t.tenantId, { label: 'sdk', scopes: ['chat:write', 'billing:read'] });
    const client = new OpenAI({ apiKey: key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    // The upstream stops at max_tokens, so each call's real cost equals its hold: the balance can be spent to the last unit.
    const ask = () =>
      client.chat.completions
        .create({ model: 'metered', max_tokens: 5, messages: [{ role: 'user', content: 'one two three four five six seven' }] })
        .withResponse();
    let spent = 0;
    let served = 0;
    let refusal: unknown = null;
    while (served < 200) {
      try {
        const { data, response } = await ask();
        expect(data.usage!.completion_tokens).toBe(5);
        spent += Number(response.headers.get('x-tollgate-cost'));
        served++;
      } catch (err) {
        refusal = err;
        break;
      }
    }
    expect(refusal).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((refusal as InstanceType<typeof OpenAI.PermissionDeniedError>).error).toEqual(INSUFFICIENT_CREDITS_BODY.error);
    expect(spent).toBe(10_000);
    expect(served).toBe(100);

    const me = async (path: string, accept = 'application/json') =>
      fetch(`${stack.gateway.url}${path}`, { headers: { authorization: `Bearer ${key}`, accept } });
    await waitUntil(async () => ((await (await me('/me/billing/balance')).json()) as { balance_micros: number }).balance_micros === 0, 10_000, 'balance 0');

    const logs = (await (await me('/me/request-logs?limit=1000')).json()) as { data: { status: number; cost_micros: number }[] };
    const ok = logs.data.filter((l) => l.status === 200);
    expect(ok).toHaveLength(100);
    expect(ok.reduce((n, l) => n + l.cost_micros, 0)).toBe(10_000);
    expect(logs.data.some((l) => l.status === 403)).toBe(false);

    const month = new Date().toISOString().slice(0, 7);
    const statement = (await (await me(`/me/billing/statement?month=${month}`)).json()) as {
      credits_micros: number;
      debits_micros: number;
      closing_balance_micros: number;
      opening_balance_micros: number;
    };
    expect(statement).toMatchObject({ opening_balance_micros: 0, credits_micros: 10_000, debits_micros: 10_000, closing_balance_micros: 0 });
    const csv = await (await me(`/me/billing/statement?month=${month}`, 'text/csv')).text();
    expect(csv).toContain('0.010000');
    const logsCsv = await me('/me/request-logs?limit=1000', 'text/csv');
    expect(logsCsv.headers.get('content-type')).toContain('text/csv');
    expect((await logsCsv.text()).trim().split('\n')).toHaveLength(101);

    const invoices = (await (await me('/me/billing/invoices')).json()) as { data: { id: string; kind: string; total_micros: number }[] };
    const topUpInvoice = invoices.data.find((i) => i.kind === 'top_up')!;
    expect(topUpInvoice.total_micros).toBe(10_000);
    const pdf = await me(`/me/billing/invoices/${topUpInvoice.id}`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(await pdfText(Buffer.from(await pdf.arrayBuffer()))).toMatch(/Total\s+0\.01\s+10000/);
  });

  it('shows the customer the cost: x-tollgate-cost on plain responses, cost_micros in the stream usage chunk', async () => {
    const t = await tenantWithKey(admin, stack, { creditMicros: 0, name: 'cost-shown', models: ['shown'] });
    await setPrice('shown', { input: 0, output: PER_MILLION });
    await topUp(t.tenantId, 1);
    const client = new OpenAI({ apiKey: t.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    const plain = await client.chat.completions.create({ model: 'shown', max_tokens: 5, messages: [{ role: 'user', content: 'a b c d e f' }] }).withResponse();
    expect(plain.response.headers.get('x-tollgate-cost')).toBe('100');
    const stream = await client.chat.completions.create({
      model: 'shown',
      max_tokens: 5,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'a b c d e f' }],
    });
    let usage: (OpenAI.CompletionUsage & { cost_micros?: number }) | undefined;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    expect(usage).toMatchObject({ completion_tokens: 5, cost_micros: 100 });
  });

  it("a tenant's billing endpoints never show another tenant's data (404, not 403)", async () => {
    const a = await tenantWithKey(admin, stack, { creditMicros: 0, name: 'A', models: ['m'] });
    const b = await tenantWithKey(admin, stack, { creditMicros: 0, name: 'B', models: ['m'] });
    await topUp(b.tenantId, 5);
    const invoicesB = (await (await fetch(`${stack.gateway.url}/me/billing/invoices`, { headers: { authorization: `Bearer ${b.key}` } })).json()) as {
      data: { id: string }[];
    };
    const res = await fetch(`${stack.gateway.url}/me/billing/invoices/${invoicesB.data[0].id}`, { headers: { authorization: `Bearer ${a.key}` } });
    expect(res.status).toBe(404);
    const balanceA = (await (await fetch(`${stack.gateway.url}/me/billing/balance`, { headers: { authorization: `Bearer ${a.key}` } })).json()) as {
      balance_micros: number;
    };
    expect(balanceA.balance_micros).toBe(0);
  });

  it('money goes only to a tenant auth knows: an admin credit or promotion for an unknown id is a 404 and books nothing', async () => {
    const nobody = randomUUID();
    const credit = await billingCall<{ error: { code: string } }>('POST', `/admin/tenants/${nobody}/credits`, { amountMicros: 7, reason: 'typo' });
    expect(credit.status).toBe(404);
    const promo = await billingCall('POST', `/admin/tenants/${nobody}/promotions`, {
      amountMicros: 7,
      expiresAt: '2099-01-01T00:00:00Z',
      reason: 'typo',
      idempotencyKey: randomUUID(),
    });
    expect(promo.status).toBe(404);
    expect((await billingCall<{ balanceMicros: number }>('GET', `/admin/tenants/${nobody}/balance`)).body.balanceMicros).toBe(0);
  });

  it('a tenant id in upper case is the same tenant (its balance, its credits), never a second account', async () => {
    const t = await tenantWithKey(admin, stack, { creditMicros: 1_000, name: 'upper', models: ['m'] });
    const upper = t.tenantId.toUpperCase();
    expect((await billingCall<{ balanceMicros: number }>('GET', `/admin/tenants/${upper}/balance`)).body.balanceMicros).toBe(1_000);
    expect((await billingCall('POST', `/admin/tenants/${upper}/credits`, { amountMicros: 5, reason: 'upper-case id' })).status).toBe(201);
    expect((await billingCall<{ balanceMicros: number }>('GET', `/admin/tenants/${t.tenantId}/balance`)).body.balanceMicros).toBe(1_005);
  });

  it('a key without billing:read gets 403 on /me/billing', async () => {
    const t = await tenantWithKey(admin, stack, { creditMicros: 0, scopes: ['chat:write'] });
    const direct = await fetch(`${stack.gateway.url}/me/billing/balance`, { headers: { authorization: `Bearer ${t.key}` } });
    expect(direct.status).toBe(403);
    expect(((await direct.json()) as { error: { message: string } }).error.message).toContain("'billing:read'");
  });
});
