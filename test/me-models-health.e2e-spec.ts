import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, chat, TenantFixture, tenantWithKey } from './support/fixtures';
import { portal, signedIn } from './support/portal';
import { startStack, Stack } from './support/stack';

type Window = {
  requests: number;
  succeeded: number;
  failed: number;
  success_rate: number | null;
  latency_ms: { p50: number | null; p95: number | null };
  ttft_ms: { p50: number | null; p95: number | null };
};
type Health = {
  model: string;
  primary: { provider: string; upstream_model: string } | null;
  fallback_serving: boolean;
  fallback_share: number | null;
  windows: { last_hour: Window; last_day: Window };
};
type Log = { model: string; status: number; latency_ms: number; ttft_ms: number | null; provider: string | null };

/**
 * /me/models/health: success rate, latency percentiles and fallback per model, from billing's
 * records of the calls of every gateway instance (here two), never one instance's memory.
 */
describe('/me/models/health', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let a: TenantFixture;
  let b: TenantFixture;
  let provider: string;
  /** What the test saw of each call: model → statuses as billing books them. */
  const sent: Record<string, number[]> = {};
  const keyGet = (key: string, path = '/me/models/health') => portal(stack.gateway.url, 'GET', path, { headers: { authorization: `Bearer ${key}` } });

  const route = async (model: string, targets: { providerId: string; upstreamModel: string; priority?: number }[]) => {
    const res = await admin.call('gateway', 'PUT', `/admin/tenants/${a.tenantId}/models/${encodeURIComponent(model)}/targets`, { targets });
    expect(res.status).toBe(200);
    await admin.priceModel(model);
    // Every instance holds the new route before a call goes to it.
    for (const g of stack.gateways) {
      const seen = await eventually(
        () => fetch(`${g.baseUrl}/models/${model}`, { headers: { authorization: `Bearer ${a.key}` } }),
        (r) => r.status === 200,
      );
      expect(seen.status).toBe(200);
    }
  };

  /** A plain call answers with its status; a streamed one that the upstream cuts is booked as 502 (it had started as 200). */
  const call = async (baseUrl: string, model: string, stream: boolean): Promise<void> => {
    const res = await fetch(`${baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.key}` },
      body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'how are you' }] }),
    });
    const text = await res.text().catch(() => '');
    const cut = stream && res.status === 200 && !text.includes('[DONE]');
    (sent[model] ??= []).push(cut ? 502 : res.status);
  };

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env, { gateways: 2 });
    admin = adminFor(env, stack);
    a = await tenantWithKey(admin, stack, { name: 'A', models: ['h-steady'], scopes: ['chat:write', 'models:read', 'usage:read'] });
    b = await tenantWithKey(admin, stack, { name: 'B', models: ['h-steady'], scopes: ['chat:write', 'models:read'] });
    const backup = (await admin.createProvider({ name: `backup-${Date.now()}`, baseUrl: stack.mock.url, apiKey: 'sk-upstream-secret' })).id;
    // h-mixed: plain calls succeed, streamed ones are cut by the upstream midway (502).
    await route('h-mixed', [{ providerId: a.providerId, upstreamModel: 'mock-stream-cut' }]);
    // h-fallback: the first target always fails (500), the second serves.
    await route('h-fallback', [
      { providerId: a.providerId, upstreamModel: 'mock-error-500' },
      { providerId: backup, upstreamModel: 'gpt-4.1', priority: 1 },
    ]);
    provider = (await chat(stack.gateway.baseUrl, a.key, { model: 'h-steady', messages: [{ role: 'user', content: 'which provider' }] })).headers.get(
      'x-tollgate-provider',
    )!;
    (sent['h-steady'] ??= []).push(200);

    for (const g of stack.gateways) {
      for (const stream of [false, false, true]) await call(g.baseUrl, 'h-steady', stream);
      for (const stream of [false, true, false]) await call(g.baseUrl, 'h-mixed', stream);
      await call(g.baseUrl, 'h-fallback', false);
    }
    // No call by B: B's own h-steady must show nothing of A's.
    const total = Object.values(sent).flat().length;
    const logs = await eventually(
      () => keyGet(a.key, '/me/request-logs?limit=100'),
      (r) => r.body.data?.length === total,
    );
    expect(logs.body.data).toHaveLength(total);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  const logsOf = async (model: string): Promise<Log[]> => (await keyGet(a.key, `/me/request-logs?limit=100&model=${model}`)).body.data as Log[];
  const byModel = (body: Record<string, any>) => Object.fromEntries((body.data as Health[]).map((h) => [h.model, h]));

  it('counts every call of both instances per model, exactly, with the success rate of 2xx against 408/429/5xx', async () => {
    const res = await keyGet(a.key);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'list', fallback_window_minutes: 15 });
    const health = byModel(res.body);
    expect(Object.keys(health)).toEqual(['h-fallback', 'h-mixed', 'h-steady']);
    for (const [model, statuses] of Object.entries(sent)) {
      const ok = statuses.filter((s) => s >= 200 && s < 300).length;
      const failed = statuses.length - ok;
      for (const w of ['last_hour', 'last_day'] as const) {
        expect(health[model].windows[w]).toMatchObject({ requests: statuses.length, succeeded: ok, failed, success_rate: ok / statuses.length });
      }
    }
    // The mix is real: h-mixed has both, on both instances.
    expect(health['h-mixed'].windows.last_hour).toMatchObject({ requests: 6, succeeded: 4, failed: 2 });
    expect(health['h-mixed'].windows.last_hour.success_rate).toBeCloseTo(4 / 6, 10);
    expect(health['h-steady'].windows.last_day).toMatchObject({ requests: 7, succeeded: 7, failed: 0, success_rate: 1 });
  });

  it('gives p50 and p95 latency and time to first token within what the request logs show', async () => {
    const health = byModel((await keyGet(a.key)).body);
    for (const model of Object.keys(sent)) {
      const ok = (await logsOf(model)).filter((l) => l.status < 300);
      const latencies = ok.map((l) => l.latency_ms);
      for (const w of ['last_hour', 'last_day'] as const) {
        const { p50, p95 } = health[model].windows[w].latency_ms;
        expect(p50).toBeGreaterThanOrEqual(Math.min(...latencies));
        expect(p95).toBeGreaterThanOrEqual(p50!);
        expect(p95).toBeLessThanOrEqual(Math.max(...latencies));
      }
    }
    const ttfts = (await logsOf('h-steady')).filter((l) => l.status < 300 && l.ttft_ms !== null).map((l) => l.ttft_ms!);
    expect(ttfts).toHaveLength(2);
    const { p50, p95 } = health['h-steady'].windows.last_hour.ttft_ms;
    expect(p50).toBeGreaterThanOrEqual(Math.min(...ttfts));
    expect(p95).toBeLessThanOrEqual(Math.max(...ttfts));
    // No successful stream on h-fallback: no time to first token rather than a made-up one.
    expect(health['h-fallback'].windows.last_hour.ttft_ms).toEqual({ p50: null, p95: null });
  });

  it('says a fallback is serving where the first target fails and the second answers, and not elsewhere', async () => {
    const health = byModel((await keyGet(a.key)).body);
    expect(health['h-fallback']).toMatchObject({ fallback_serving: true, fallback_share: 1, primary: { provider, upstream_model: 'mock-error-500' } });
    expect(health['h-fallback'].windows.last_hour).toMatchObject({ requests: 2, succeeded: 2, failed: 0 });
    expect(health['h-steady']).toMatchObject({ fallback_serving: false, fallback_share: 0, primary: { provider, upstream_model: 'gpt-4.1-mini' } });
    expect(health['h-mixed']).toMatchObject({ fallback_serving: false, primary: { provider, upstream_model: 'mock-stream-cut' } });
  });

  it('answers the same to an owner session, and a key sees only the models its allow-list permits', async () => {
    const owner = await signedIn(stack.gateway.url, admin, a.tenantId, 'owner');
    const bySession = await portal(stack.gateways[1].url, 'GET', '/me/models/health', { cookie: owner.cookie });
    expect(bySession.status).toBe(200);
    expect(byModel(bySession.body)['h-mixed'].windows.last_day).toEqual(byModel((await keyGet(a.key)).body)['h-mixed'].windows.last_day);
    const narrow = await admin.createKey(a.tenantId, { label: 'narrow', scopes: ['models:read'], models: ['h-steady'] });
    const res = await keyGet(narrow.key);
    expect(res.status).toBe(200);
    expect((res.body.data as Health[]).map((h) => h.model)).toEqual(['h-steady']);
  });

  it('another tenant sees none of it, even for a model of the same name', async () => {
    const res = await keyGet(b.key);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({ model: 'h-steady', fallback_serving: false, fallback_share: null });
    expect(res.body.data[0].windows.last_day).toEqual({
      requests: 0,
      succeeded: 0,
      failed: 0,
      success_rate: null,
      latency_ms: { p50: null, p95: null },
      ttft_ms: { p50: null, p95: null },
    });
  });

  it('needs models:read', async () => {
    const other = await admin.createKey(a.tenantId, { label: 'no-models', scopes: ['chat:write'] });
    const res = await keyGet(other.key);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'missing_scope' });
  });
});
