import { SpanKind } from '@opentelemetry/api';
import type { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace';
import OpenAI from 'openai';
import { installTestTracing, stopTracing } from '@tollgate/server';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, chat, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

/** A caller's W3C trace context: a fresh trace id per test, its own span id as the parent. */
function callerTrace(): { traceId: string; spanId: string; traceparent: string } {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const traceId = hex(32);
  const spanId = hex(16);
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

const scope = (s: ReadableSpan) => s.instrumentationScope.name;

describe('traces: gateway → auth → upstream (OpenTelemetry, W3C traceparent, in-memory exporter)', () => {
  let exporter: InMemorySpanExporter;
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let client: OpenAI;

  /** The finished spans of `traceId`, once `done` holds for them (spans end after the response is sent). */
  const spansOf = (traceId: string, done: (spans: ReadableSpan[]) => boolean) =>
    eventually(async () => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId), done);
  const serverSpan = (spans: ReadableSpan[]) => spans.find((s) => scope(s) === 'tollgate-gateway' && s.kind === SpanKind.SERVER);
  const clientSpans = (spans: ReadableSpan[]) => spans.filter((s) => s.kind === SpanKind.CLIENT);
  const authSpans = (spans: ReadableSpan[]) => spans.filter((s) => scope(s) === 'tollgate-auth');

  beforeAll(async () => {
    exporter = installTestTracing();
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack);
    client = new OpenAI({ apiKey: t.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
    await stopTracing();
  });

  it('an OpenAI SDK call with a caller traceparent: gateway SERVER span under the caller, auth verification and the upstream attempt under it, traceparent passed to the upstream', async () => {
    const caller = callerTrace();
    stack.mock.reset();
    await client.chat.completions.create(
      { model: 'tollgate-fast', messages: [{ role: 'user', content: 'trace me' }] },
      { headers: { traceparent: caller.traceparent } },
    );

    const spans = await spansOf(caller.traceId, (s) => !!serverSpan(s) && clientSpans(s).length === 1 && authSpans(s).length === 1);
    const server = serverSpan(spans)!;
    expect(server.name).toBe('POST /v1/chat/completions');
    expect(server.parentSpanContext?.spanId).toBe(caller.spanId);
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/chat/completions',
      'http.response.status_code': 200,
      'tollgate.tenant_id': t.tenantId,
      'gen_ai.request.model': 'tollgate-fast',
    });
    expect(server.attributes['gen_ai.provider.name']).toEqual(expect.any(String));
    expect(server.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(server.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);

    const [auth] = authSpans(spans);
    expect(auth.name).toBe('auth.keys.verify.v1 process');
    expect(auth.parentSpanContext?.spanId).toBe(server.spanContext().spanId);

    const [upstream] = clientSpans(spans);
    expect(upstream.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(upstream.attributes).toMatchObject({ 'gen_ai.request.model': 'gpt-4.1-mini', 'http.response.status_code': 200 });

    // The provider sees the trace continue from the gateway's attempt span.
    expect(stack.mock.requests).toHaveLength(1);
    expect(stack.mock.requests[0].headers.traceparent).toBe(`00-${caller.traceId}-${upstream.spanContext().spanId}-01`);
  });

  it('a key already in the gateway cache makes no auth span', async () => {
    await client.chat.completions.create({ model: 'tollgate-fast', messages: [{ role: 'user', content: 'warm' }] });
    const caller = callerTrace();
    await client.chat.completions.create(
      { model: 'tollgate-fast', messages: [{ role: 'user', content: 'cached' }] },
      { headers: { traceparent: caller.traceparent } },
    );
    // The auth span would end before the gateway's request span does: once that is exported, nothing else is coming.
    const spans = await spansOf(caller.traceId, (s) => !!serverSpan(s));
    expect(serverSpan(spans)).toBeDefined();
    expect(clientSpans(spans)).toHaveLength(1);
    expect(authSpans(spans)).toEqual([]);
  });

  it('a fallback shows as two upstream attempts: the failed one with its status, then the one that served', async () => {
    const backupName = `backup-${Date.now()}`;
    const backup = (await admin.createProvider({ name: backupName, baseUrl: stack.mock.url, apiKey: 'sk-upstream-secret' })).id;
    const targets = [
      { providerId: t.providerId, upstreamModel: 'mock-error-500' },
      { providerId: backup, upstreamModel: 'gpt-4.1', priority: 1 },
    ];
    expect((await admin.call('gateway', 'PUT', `/admin/tenants/${t.tenantId}/models/tollgate-fallback/targets`, { targets })).status).toBe(200);
    await admin.priceModel('tollgate-fallback');
    const caller = callerTrace();
    stack.mock.reset();
    await client.chat.completions.create(
      { model: 'tollgate-fallback', messages: [{ role: 'user', content: 'fall back' }] },
      { headers: { traceparent: caller.traceparent } },
    );

    const spans = await spansOf(caller.traceId, (s) => !!serverSpan(s) && clientSpans(s).length === 2);
    const server = serverSpan(spans)!;
    const attempts = clientSpans(spans).sort((a, b) => (a.startTime[0] - b.startTime[0]) * 1e9 + (a.startTime[1] - b.startTime[1]));
    expect(attempts.map((a) => [a.attributes['gen_ai.request.model'], a.attributes['http.response.status_code']])).toEqual([
      ['mock-error-500', 500],
      ['gpt-4.1', 200],
    ]);
    expect(attempts[0].attributes['error.type']).toBe('500');
    expect(attempts.every((a) => a.parentSpanContext?.spanId === server.spanContext().spanId)).toBe(true);
    // Each attempt carried its own span id upstream.
    expect(stack.mock.requests.map((r) => r.headers.traceparent)).toEqual(attempts.map((a) => `00-${caller.traceId}-${a.spanContext().spanId}-01`));
    expect(server.attributes['gen_ai.provider.name']).toBe(backupName);
  });

  it('usage: a PRODUCER span per usage message links the call, and billing books it in a round linking that message (links, not parents)', async () => {
    const caller = callerTrace();
    await client.chat.completions.create(
      { model: 'tollgate-fast', messages: [{ role: 'user', content: 'bill me' }] },
      { headers: { traceparent: caller.traceparent } },
    );
    const server = serverSpan(await spansOf(caller.traceId, (s) => !!serverSpan(s)))!;
    const finished = (match: (s: ReadableSpan) => boolean) =>
      eventually(
        async () => exporter.getFinishedSpans().find(match),
        (s) => s !== undefined,
      );
    const linksTo = (s: ReadableSpan, target: ReadableSpan) => s.links.some((l) => l.context.spanId === target.spanContext().spanId);

    const publish = await finished((s) => s.kind === SpanKind.PRODUCER && linksTo(s, server));
    expect(publish?.name).toBe('billing.usage.batch.v1 publish');
    expect(publish?.spanContext().traceId).not.toBe(caller.traceId);
    const round = await finished((s) => scope(s) === 'tollgate-billing' && s.kind === SpanKind.CONSUMER && linksTo(s, publish!));
    expect(round?.parentSpanContext).toBeUndefined();
    expect(round?.attributes['messaging.batch.message_count']).toBeGreaterThanOrEqual(1);
  });

  it('a route Fastify answers (GET /v1/models) gets its span too, named by its route', async () => {
    const caller = callerTrace();
    await client.models.list({ headers: { traceparent: caller.traceparent } });
    const server = serverSpan(await spansOf(caller.traceId, (s) => !!serverSpan(s)))!;
    expect(server.name).toBe('GET /v1/models');
    expect(server.parentSpanContext?.spanId).toBe(caller.spanId);
    expect(server.attributes).toMatchObject({ 'http.route': '/v1/models', 'http.response.status_code': 200, 'tollgate.tenant_id': t.tenantId });
  });

  it('a refused call: the SERVER span has the status and the refusal as error.type', async () => {
    const caller = callerTrace();
    const res = await chat(stack.gateway.baseUrl, 'tg_live_not-a-real-key', undefined, { traceparent: caller.traceparent });
    expect(res.status).toBe(401);
    const server = serverSpan(await spansOf(caller.traceId, (s) => !!serverSpan(s)))!;
    expect(server.attributes['http.response.status_code']).toBe(401);
    expect(server.attributes['error.type']).toEqual(expect.any(String));
    expect(server.attributes['error.type']).not.toBe('');
  });
});
