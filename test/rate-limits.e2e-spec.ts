import OpenAI from 'openai';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, chat, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';
import { roomInWindow } from './support/rate-window';

describe('rate limits across gateway instances', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env, { gateways: 2 });
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack);
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  it('a key limited to N requests per minute gets exactly N through two instances, then 429 with headers', async () => {
    const { key } = await admin.createKey(t.tenantId, { label: 'limited', rateLimits: { rpm: 7 } });
    await roomInWindow(15_000);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => chat(stack.gateways[i % 2].baseUrl, key)));
    const ok = results.filter((r) => r.status === 200);
    const limited = results.filter((r) => r.status === 429);
    expect(ok).toHaveLength(7);
    expect(limited).toHaveLength(13);
    const r429 = limited[0];
    expect(r429.body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(Number(r429.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(r429.headers.get('x-ratelimit-limit-requests')).toBe('7');
    expect(r429.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(r429.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+s$/);
    const remaining = ok.map((r) => Number(r.headers.get('x-ratelimit-remaining-requests'))).sort((a, b) => a - b);
    expect(remaining).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('the tenant limit binds all its keys together', async () => {
    const tenant = await tenantWithKey(admin, stack, { name: 'tenant-limited' });
    const res = await admin.call('auth', 'PUT', `/admin/tenants/${tenant.tenantId}/rate-limits`, { rpm: 5 });
    expect(res.status).toBe(200);
    const second = (await admin.createKey(tenant.tenantId, { label: 'second' })).key;
    await roomInWindow(15_000);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => chat(stack.gateways[i % 2].baseUrl, i % 3 ? tenant.key : second)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(7);
  });

  it('tokens per minute count the prompt estimate and max_tokens', async () => {
    const { key } = await admin.createKey(t.tenantId, { label: 'tpm', rateLimits: { tpm: 1000 } });
    await roomInWindow(15_000);
    const body = (max: number) => ({ model: 'tollgate-fast', max_tokens: max, messages: [{ role: 'user', content: 'hello' }] });
    const first = await chat(stack.gateways[0].baseUrl, key, body(600));
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit-tokens')).toBe('1000');
    expect(Number(first.headers.get('x-ratelimit-remaining-tokens'))).toBe(1000 - 600 - 2);
    const second = await chat(stack.gateways[1].baseUrl, key, body(600));
    expect(second.status).toBe(429);
    expect(second.body.error!.message).toContain('tokens per minute');
    const small = await chat(stack.gateways[1].baseUrl, key, body(100));
    expect(small.status).toBe(200);
  });

  it('the OpenAI SDK raises RateLimitError', async () => {
    const { key } = await admin.createKey(t.tenantId, { label: 'sdk-limited', rateLimits: { rpm: 1 } });
    await roomInWindow(10_000);
    const client = new OpenAI({ apiKey: key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    await client.models.list();
    await expect(client.models.list()).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('a key without limits gets no rate-limit headers and is never throttled', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => chat(stack.gateways[i % 2].baseUrl, t.key)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results[0].headers.get('x-ratelimit-limit-requests')).toBeNull();
  });
});
