import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startGateway, RunningGateway } from '../apps/gateway/src/bootstrap';
import { GatewayEnv } from '../apps/gateway/src/config';
import { createTestEnv, infraEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, chat, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus' text format, the lines with a value (no HELP/TYPE). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The one sample named `name` whose labels include `labels` (0 when there is none). */
function valueOf(samples: Sample[], name: string, labels: Record<string, string>): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} series`);
  return found[0]?.value ?? 0;
}

type Line = Record<string, unknown>;

/**
 * Issue 12: every public request is counted on the admin port's /metrics and written as one
 * access-log line at its end, whichever side answers it (the node:http hot routes, Fastify/Nest).
 */
describe('gateway metrics and access log', () => {
  let env: TestEnv;
  let stack: Stack;
  let gateway: RunningGateway;
  let t: TenantFixture;
  let openai: OpenAI;
  let anthropic: Anthropic;
  const raw: string[] = [];
  const lines = () => raw.map((l) => JSON.parse(l) as Line);
  const accessLines = () => lines().filter((l) => l.context === 'AccessLog');
  const scrape = async () => parseMetrics(await (await fetch(`${gateway.adminUrl}/metrics`)).text());

  beforeAll(async () => {
    env = await createTestEnv();
    // Paced streams, so that a client can leave one halfway.
    const base = await startStack(env, { gateways: 0, mockChunkDelayMs: 30 });
    const config = GatewayEnv.parse({
      ...infraEnv(env),
      CATALOG_SECRET: env.catalogSecret,
      GATEWAY_PORT: '0',
      GATEWAY_ADMIN_PORT: '0',
      ALLOW_PRIVATE_UPSTREAMS: 'true',
      LOG_LEVEL: 'info',
    });
    gateway = await startGateway(config, { logDestination: { write: (chunk: string) => void raw.push(...chunk.split('\n').filter(Boolean)) } });
    stack = { ...base, gateways: [gateway], gateway, close: async () => (await gateway.close(), await base.close()) };
    t = await tenantWithKey(adminFor(env, stack), stack, { models: ['tollgate-fast'] });
    openai = new OpenAI({ apiKey: t.key, baseURL: gateway.baseUrl, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: t.key, baseURL: gateway.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  it('counts SDK calls, their tokens and a 401 refusal on /metrics, and logs each request once, without the key', async () => {
    const before = await scrape();
    const messages = [{ role: 'user' as const, content: 'Hello observability' }];

    const plain = await openai.chat.completions.create({ model: 'tollgate-fast', messages }).withResponse();
    const streamed = await openai.chat.completions
      .create({ model: 'tollgate-fast', messages, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    let streamUsage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of streamed.data) streamUsage = chunk.usage ?? streamUsage;
    const claude = await anthropic.messages.create({ model: 'tollgate-fast', max_tokens: 64, messages }).withResponse();
    const unauthorized = await chat(gateway.baseUrl, 'tg_live_not_a_real_key');
    const me = await fetch(`${gateway.url}/me/models`, { headers: { authorization: `Bearer ${t.key}` } });
    expect([unauthorized.status, me.status]).toEqual([401, 200]);

    const provider = plain.response.headers.get('x-tollgate-provider')!;
    expect(provider).toMatch(/^mock-/);
    const inputs = plain.data.usage!.prompt_tokens + streamUsage!.prompt_tokens + claude.data.usage.input_tokens;
    const outputs = plain.data.usage!.completion_tokens + streamUsage!.completion_tokens + claude.data.usage.output_tokens;

    const ids = {
      plain: plain.response.headers.get('x-tollgate-request-id')!,
      stream: streamed.response.headers.get('x-tollgate-request-id')!,
      claude: claude.response.headers.get('x-tollgate-request-id')!,
      unauthorized: unauthorized.headers.get('x-tollgate-request-id')!,
      me: me.headers.get('x-tollgate-request-id')!,
    };
    // The log line is written when the response closes, just after the client has it.
    await eventually(
      async () => accessLines(),
      (ls) => Object.values(ids).every((id) => ls.some((l) => l.requestId === id)),
    );
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);

    const served = { provider, model: 'tollgate-fast', status: '200', method: 'POST' };
    expect(moved('tollgate_http_requests_total', { ...served, route: '/v1/chat/completions' })).toBe(2);
    expect(moved('tollgate_http_requests_total', { ...served, route: '/v1/messages' })).toBe(1);
    expect(moved('tollgate_http_requests_total', { route: '/v1/chat/completions', method: 'POST', status: '401', provider: '', model: '' })).toBe(1);
    expect(moved('tollgate_http_requests_total', { route: '/me/models', method: 'GET', status: '200', provider: '', model: '' })).toBe(1);
    expect(moved('tollgate_refusals_total', { reason: 'invalid_api_key' })).toBe(1);

    const genAi = { gen_ai_request_model: 'tollgate-fast', gen_ai_provider_name: provider, gen_ai_operation_name: 'chat' };
    expect(moved('gen_ai_client_token_usage_sum', { ...genAi, gen_ai_token_type: 'input' })).toBe(inputs);
    expect(moved('gen_ai_client_token_usage_sum', { ...genAi, gen_ai_token_type: 'output' })).toBe(outputs);
    expect(moved('gen_ai_client_token_usage_count', { ...genAi, gen_ai_token_type: 'output' })).toBe(3);
    expect(moved('gen_ai_client_operation_duration_seconds_count', genAi)).toBe(3);
    expect(moved('gen_ai_client_time_to_first_chunk_seconds_count', genAi)).toBe(1);
    expect(valueOf(after, 'tollgate_usage_publish_backlog', {})).toBeGreaterThanOrEqual(0);
    expect(after.some((s) => s.name === 'process_resident_memory_bytes' && s.labels.service === 'gateway')).toBe(true);
    const adminDoc = (await (await fetch(`${gateway.adminUrl}/api/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(adminDoc.paths)).not.toContain('/metrics');

    const byId = (id: string) => accessLines().filter((l) => l.requestId === id);
    for (const id of Object.values(ids)) expect(byId(id)).toHaveLength(1);
    expect(byId(ids.plain)[0]).toMatchObject({
      msg: 'request',
      name: 'gateway',
      tenantId: t.tenantId,
      keyId: t.keyId,
      method: 'POST',
      route: '/v1/chat/completions',
      status: 200,
      model: 'tollgate-fast',
      provider,
      stream: false,
      tokensIn: plain.data.usage!.prompt_tokens,
      tokensOut: plain.data.usage!.completion_tokens,
      costMicros: Number(plain.response.headers.get('x-tollgate-cost')),
      estimated: false,
      refusal: null,
    });
    expect(byId(ids.plain)[0].latencyMs).toEqual(expect.any(Number));
    expect(byId(ids.stream)[0]).toMatchObject({
      stream: true,
      status: 200,
      tokensIn: streamUsage!.prompt_tokens,
      tokensOut: streamUsage!.completion_tokens,
      ttftMs: expect.any(Number),
      aborted: false,
    });
    expect(byId(ids.claude)[0]).toMatchObject({ route: '/v1/messages', tenantId: t.tenantId, tokensOut: claude.data.usage.output_tokens });
    expect(byId(ids.unauthorized)[0]).toMatchObject({ status: 401, refusal: 'invalid_api_key', tenantId: null, keyId: null });
    expect(byId(ids.me)[0]).toMatchObject({ method: 'GET', route: '/me/models', status: 200, tenantId: t.tenantId, keyId: t.keyId });

    expect(raw.some((l) => l.includes(t.key))).toBe(false);
    expect(raw.some((l) => l.includes('tg_live_not_a_real_key'))).toBe(false);
    expect(raw.some((l) => /authorization|x-api-key/i.test(l))).toBe(false);
  });

  it('logs a stream the client left halfway once, with what it was billed for', async () => {
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'tollgate-fast', stream: true, messages: [{ role: 'user', content: 'Tell me a long story please' }] })
      .withResponse();
    for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) break; // leaves: the SDK aborts the request
    const id = response.headers.get('x-tollgate-request-id')!;
    const line = (await eventually(async () => accessLines().find((l) => l.requestId === id), Boolean))!;
    expect(line).toMatchObject({
      status: 200,
      aborted: true,
      stream: true,
      estimated: true,
      provider: expect.stringMatching(/^mock-/),
      ttftMs: expect.any(Number),
    });
    expect(line.tokensOut).toBeGreaterThan(0);
    expect(line.costMicros).toBeGreaterThan(0);
    expect(accessLines().filter((l) => l.requestId === id)).toHaveLength(1);
  });

  it("keeps the caller's request id and counts a missing scope and an unknown URL under bounded labels", async () => {
    const narrow = await adminFor(env, stack).createKey(t.tenantId, { label: 'chat only', scopes: ['chat:write'] });
    const callerId = `trace-${Date.now()}`;
    const refused = await fetch(`${gateway.baseUrl}/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${narrow.key}`, 'content-type': 'application/json', 'x-request-id': callerId },
      body: JSON.stringify({ model: 'tollgate-fast', input: 'hi' }),
    });
    const unknown = await fetch(`${gateway.url}/v1/no/such/route-${Date.now()}`);
    expect([refused.status, unknown.status]).toEqual([403, 404]);
    const id = refused.headers.get('x-tollgate-request-id')!;
    const line = (await eventually(async () => accessLines().find((l) => l.requestId === id), Boolean))!;
    expect(line).toMatchObject({
      callerRequestId: callerId,
      route: '/v1/embeddings',
      status: 403,
      refusal: 'missing_scope',
      tenantId: t.tenantId,
      keyId: narrow.id,
    });
    await eventually(async () => accessLines().some((l) => l.requestId === unknown.headers.get('x-tollgate-request-id')), Boolean);

    const samples = await scrape();
    expect(valueOf(samples, 'tollgate_refusals_total', { reason: 'missing_scope' })).toBe(1);
    expect(valueOf(samples, 'tollgate_http_requests_total', { route: 'unmatched', method: 'GET', status: '404' })).toBe(1);
    expect(samples.some((s) => Object.values(s.labels).some((v) => v.includes('/no/such/')))).toBe(false);
  });
});
