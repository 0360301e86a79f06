import OpenAI from 'openai';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';
import { UsageReader } from './support/usage-reader';

describe('usage events on JetStream', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let usage: UsageReader;
  let client: OpenAI;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack, { models: ['tollgate-fast'] });
    await admin.addModel(t.tenantId, 'no-usage', t.providerId, 'mock-no-usage');
    await admin.addModel(t.tenantId, 'cut', t.providerId, 'mock-stream-cut');
    await admin.addModel(t.tenantId, 'slow', t.providerId, 'mock-slow-3000');
    await admin.addModel(t.tenantId, 'cached', t.providerId, 'mock-cached');
    t.key = (await admin.createKey(t.tenantId, { label: 'usage' })).key;
    usage = await UsageReader.open(env);
    client = new OpenAI({ apiKey: t.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
  });

  afterAll(async () => {
    await usage?.close();
    await stack?.close();
    await env?.drop();
  });

  it('publishes one event per plain request, with its request id and the upstream figures', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'tollgate-fast', messages: [{ role: 'user', content: 'count my tokens please' }] })
      .withResponse();
    const requestId = response.headers.get('x-request-id')!;
    const event = await usage.waitFor(requestId);
    expect(event).toMatchObject({
      requestId,
      tenantId: t.tenantId,
      keyId: expect.any(String),
      model: 'tollgate-fast',
      provider: expect.stringMatching(/^mock-/),
      upstreamModel: 'gpt-4.1-mini',
      promptTokens: data.usage!.prompt_tokens,
      completionTokens: data.usage!.completion_tokens,
      estimated: false,
      stream: false,
      status: 200,
    });
    const stored = (await usage.all()).filter((e) => e.event.requestId === requestId);
    expect(stored).toHaveLength(1);
    expect(stored[0].msgId).toBe(`batch:${requestId}:1`);
  });

  it('sends calls that finish together in shared messages, each request exactly once', async () => {
    const calls = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.chat.completions.create({ model: 'tollgate-fast', messages: [{ role: 'user', content: 'together' }] }).withResponse(),
      ),
    );
    const ids = calls.map((c) => c.response.headers.get('x-request-id')!);
    for (const id of ids) await usage.waitFor(id);
    const stored = (await usage.all()).filter((e) => ids.includes(e.event.requestId));
    expect(stored.map((e) => e.event.requestId).sort()).toEqual([...ids].sort());
    const messages = new Set(stored.map((e) => e.msgId));
    expect(messages.size).toBeLessThan(ids.length);
  });

  it('bills a stream from the usage the gateway asked for, though the client did not ask', async () => {
    const stream = await client.chat.completions
      .create({ model: 'cached', stream: true, messages: [{ role: 'user', content: 'stream please' }] })
      .withResponse();
    for await (const chunk of stream.data) expect(chunk.usage ?? null).toBeNull();
    const event = await usage.waitFor(stream.response.headers.get('x-request-id')!);
    expect(event).toMatchObject({ stream: true, status: 200, estimated: false });
    expect(event.completionTokens).toBeGreaterThan(0);
    expect(event.cachedTokens).toBeGreaterThan(0);
    expect(event.ttftMs).not.toBeNull();
  });

  it('counts tokens itself, marked estimated, when the upstream reports none', async () => {
    const stream = await client.chat.completions
      .create({ model: 'no-usage', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'x'.repeat(400) }] })
      .withResponse();
    let text = '';
    for await (const chunk of stream.data) text += chunk.choices[0]?.delta?.content ?? '';
    const event = await usage.waitFor(stream.response.headers.get('x-request-id')!);
    expect(event).toMatchObject({ estimated: true, status: 200, promptTokens: 100, completionTokens: Math.ceil(text.length / 4) });
  });

  it('a stream the upstream cuts ends with an error event and is billed for what was delivered', async () => {
    const stream = await client.chat.completions.create({ model: 'cut', stream: true, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    let text = '';
    await expect(
      (async () => {
        for await (const chunk of stream.data) text += chunk.choices[0]?.delta?.content ?? '';
      })(),
    ).rejects.toThrow();
    expect(text.length).toBeGreaterThan(0);
    const event = await usage.waitFor(stream.response.headers.get('x-request-id')!);
    expect(event).toMatchObject({ estimated: true, status: 502, completionTokens: Math.ceil(text.length / 4) });
  });

  it('a client abort cancels the upstream call and is recorded as 499', async () => {
    const controller = new AbortController();
    const pending = fetch(`${stack.gateway.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow', messages: [{ role: 'user', content: 'take your time' }] }),
      signal: controller.signal,
    });
    // Abort once the call is in flight upstream (polled: the gateway has forwarded it).
    const inFlight = () => stack.mock.requests.some((r) => JSON.stringify(r.body).includes('take your time'));
    expect(
      await eventually(
        async () => inFlight(),
        (seen) => seen,
      ),
    ).toBe(true);
    const before = (await usage.all()).length;
    controller.abort();
    await expect(pending).rejects.toThrow();
    const events = await eventually(
      () => usage.all(),
      (all) => all.length > before,
      5000,
    );
    expect(events.at(-1)!.event).toMatchObject({ model: 'slow', status: 499 });
    expect(events.at(-1)!.event.latencyMs).toBeLessThan(2500);
  });
});
