import OpenAI from 'openai';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, chat, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

describe('routing: aliases, weighted targets, fallback, circuit breakers', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let backup: string;
  let client: OpenAI;

  const route = async (model: string, targets: { providerId: string; upstreamModel: string; priority?: number; weight?: number; timeoutMs?: number }[]) => {
    const res = await admin.call('gateway', 'PUT', `/admin/tenants/${t.tenantId}/models/${encodeURIComponent(model)}/targets`, { targets });
    await admin.priceModel(model);
    return res;
  };
  const upstreamModels = () => stack.mock.requests.map((r) => (r.body as { model: string }).model);

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env, { gateways: 2 });
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack);
    backup = (await admin.createProvider({ name: 'backup', baseUrl: stack.mock.url, apiKey: 'sk-upstream-secret' })).id;
    client = new OpenAI({ apiKey: t.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  it('falls back to the next target when the first answers 500, and says which served', async () => {
    expect(
      (
        await route('tollgate-coding', [
          { providerId: t.providerId, upstreamModel: 'mock-error-500' },
          { providerId: backup, upstreamModel: 'gpt-4.1', priority: 1 },
        ])
      ).status,
    ).toBe(200);
    stack.mock.reset();
    const { data, response } = await client.chat.completions.create({ model: 'tollgate-coding', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(data.choices[0].message.content).toContain('hi');
    expect(response.headers.get('x-tollgate-provider')).toBe('backup');
    expect(response.headers.get('x-tollgate-model')).toBe('gpt-4.1');
    expect(upstreamModels()).toEqual(['mock-error-500', 'gpt-4.1']);
  });

  it('falls back when the first target times out (per-target timeout)', async () => {
    await route('patient', [
      { providerId: t.providerId, upstreamModel: 'mock-hang', timeoutMs: 300 },
      { providerId: backup, upstreamModel: 'gpt-4.1', priority: 1 },
    ]);
    const { response } = await client.chat.completions.create({ model: 'patient', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-tollgate-model')).toBe('gpt-4.1');
  });

  it('falls back on 429 from the first target', async () => {
    await route('busy-first', [
      { providerId: t.providerId, upstreamModel: 'mock-error-429' },
      { providerId: backup, upstreamModel: 'gpt-4.1', priority: 1 },
    ]);
    const { response } = await client.chat.completions.create({ model: 'busy-first', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-tollgate-provider')).toBe('backup');
  });

  it('a stream whose upstream fails before the first byte falls back', async () => {
    await route('stream-fallback', [
      { providerId: t.providerId, upstreamModel: 'mock-error-500' },
      { providerId: t.providerId, upstreamModel: 'mock-hang', timeoutMs: 300, priority: 1 },
      { providerId: backup, upstreamModel: 'gpt-4.1', priority: 2 },
    ]);
    stack.mock.reset();
    const { data, response } = await client.chat.completions
      .create({ model: 'stream-fallback', stream: true, messages: [{ role: 'user', content: 'stream it' }] })
      .withResponse();
    let text = '';
    for await (const chunk of data) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toContain('stream it');
    expect(response.headers.get('x-tollgate-model')).toBe('gpt-4.1');
    expect(upstreamModels()).toEqual(['mock-error-500', 'mock-hang', 'gpt-4.1']);
  });

  it('a stream that fails after its first byte ends with an error event and is not retried', async () => {
    await route('cut-midway', [
      { providerId: t.providerId, upstreamModel: 'mock-stream-cut' },
      { providerId: backup, upstreamModel: 'gpt-4.1', priority: 1 },
    ]);
    stack.mock.reset();
    const stream = await client.chat.completions.create({ model: 'cut-midway', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const chunks: unknown[] = [];
    const error = await (async () => {
      for await (const chunk of stream) chunks.push(chunk);
    })().catch((e: unknown) => e);
    expect(chunks.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain('ended the stream unexpectedly');
    expect(upstreamModels()).toEqual(['mock-stream-cut']);
  });

  it('when every target fails the caller gets the last failure', async () => {
    await route('all-down', [
      { providerId: t.providerId, upstreamModel: 'mock-error-500' },
      { providerId: backup, upstreamModel: 'mock-error-500', priority: 1 },
    ]);
    const res = await chat(stack.gateway.baseUrl, t.key, { model: 'all-down', messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(502);
  });

  it('splits traffic by weight among targets of equal priority', async () => {
    await route('weighted', [
      { providerId: t.providerId, upstreamModel: 'heavy', weight: 4 },
      { providerId: backup, upstreamModel: 'light', weight: 1 },
    ]);
    stack.mock.reset();
    await Promise.all(Array.from({ length: 200 }, () => chat(stack.gateway.baseUrl, t.key, { model: 'weighted', messages: [{ role: 'user', content: 'x' }] })));
    const heavy = upstreamModels().filter((m) => m === 'heavy').length;
    expect(heavy + upstreamModels().filter((m) => m === 'light').length).toBe(200);
    expect(heavy).toBeGreaterThan(120);
    expect(heavy).toBeLessThan(190);
  });

  it('opens the circuit of a failing target, skips it, and shows it in the admin health view', async () => {
    await route('breaker', [
      { providerId: t.providerId, upstreamModel: 'mock-error-500', weight: 1000 },
      { providerId: backup, upstreamModel: 'gpt-4.1', weight: 1 },
    ]);
    for (let i = 0; i < 6; i++) await chat(stack.gateway.baseUrl, t.key, { model: 'breaker', messages: [{ role: 'user', content: 'x' }] });
    stack.mock.reset();
    for (let i = 0; i < 5; i++)
      expect((await chat(stack.gateway.baseUrl, t.key, { model: 'breaker', messages: [{ role: 'user', content: 'x' }] })).status).toBe(200);
    expect(upstreamModels()).toEqual(Array(5).fill('gpt-4.1'));
    const health = await admin.call<{ targets: { target: string; state: string; recentErrorRate: number }[] }>('gateway', 'GET', '/admin/providers/health');
    const broken = health.body.targets.find((x) => x.target === `${t.providerId}/mock-error-500`)!;
    expect(broken.state).toBe('open');
    expect(broken.recentErrorRate).toBe(1);
  });

  // Pushed to every gateway (gateway.catalog.changed.v1), not picked up by the periodic refresh: the
  // deadline is generous for a loaded machine yet well inside CATALOG_REFRESH_MS (30 s by default).
  it('a route change made through the admin API is used by both running gateways, pushed rather than polled', async () => {
    await route('live-alias', [{ providerId: t.providerId, upstreamModel: 'before' }]);
    const both = async () =>
      (await Promise.all(stack.gateways.map((g) => chat(g.baseUrl, t.key, { model: 'live-alias', messages: [{ role: 'user', content: 'x' }] })))).map((r) =>
        r.headers.get('x-tollgate-model'),
      );
    expect(await both()).toEqual(['before', 'before']);
    await route('live-alias', [{ providerId: backup, upstreamModel: 'after' }]);
    expect(await eventually(both, (models) => models.every((m) => m === 'after'), 10_000)).toEqual(['after', 'after']);
  });

  it('refuses upstream base URLs on link-local or metadata addresses', async () => {
    for (const baseUrl of ['http://169.254.169.254/latest', 'http://metadata.google.internal/v1', 'http://[fe80::1]/v1', 'file:///etc/passwd']) {
      const res = await admin.call('gateway', 'POST', '/admin/providers', { name: `bad-${Math.random().toString(36).slice(2, 8)}`, kind: 'openai', baseUrl });
      expect(res.status).toBe(400);
    }
  });

  it('never returns an upstream credential', async () => {
    const res = await admin.call<{ hasApiKey: boolean }[]>('gateway', 'GET', '/admin/providers');
    expect(JSON.stringify(res.body)).not.toContain('sk-upstream-secret');
    expect(res.body.every((p) => p.hasApiKey)).toBe(true);
  });
});
