import OpenAI from 'openai';
import { loadOpenApiValidator, openApiValidatorAvailable, type OpenApiValidator } from '../apps/mock-upstream/src/openapi-validator';
import type { AdminClient } from './support/admin-client';
import type { TenantFixture } from './support/fixtures';
import { bookedLog, textStreamEventTypes, type RequestLog } from './support/responses-api';
import type { Stack } from './support/stack';
import { testStack, type TestStack } from './support/test-stack';
type UpstreamUsage = {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
};

/** POST /v1/responses to a provider of kind `openai-responses`: the Responses request goes upstream as is (not bridged to chat). */
describe('Responses API passed through to an upstream that speaks it', () => {
  let ts: TestStack;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let client: OpenAI;
  let spec: OpenApiValidator | undefined;

  beforeAll(async () => {
    ts = await testStack({ tenants: [{ name: 'responses-native' }] });
    ({ stack, admin } = ts);
    [t] = ts.tenants;
    const native = await admin.createProvider({ name: 'responses-mock', kind: 'openai-responses', baseUrl: stack.mock.url, apiKey: 'sk-upstream-secret' });
    await admin.addModel(t.tenantId, 'tollgate-native', native.id, 'gpt-5-mini');
    await admin.addModel(t.tenantId, 'native-cached', native.id, 'mock-cached');
    await admin.addModel(t.tenantId, 'native-fallback', native.id, 'mock-error-500');
    await admin.addModel(t.tenantId, 'native-cut', native.id, 'mock-stream-cut');
    await admin.addModel(t.tenantId, 'native-no-usage', native.id, 'mock-no-usage');
    await admin.call('gateway', 'PUT', `/admin/tenants/${t.tenantId}/models/native-fallback/targets`, {
      targets: [
        { providerId: native.id, upstreamModel: 'mock-error-500', priority: 0 },
        { providerId: t.providerId, upstreamModel: 'gpt-4.1-mini', priority: 1 },
      ],
    });
    client = new OpenAI({ apiKey: t.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    spec = openApiValidatorAvailable() ? loadOpenApiValidator() : undefined;
  }, 90_000);

  afterAll(() => ts?.close());

  const expectValid = (schema: string, data: unknown) => spec?.expectValid(schema, data);
  const upstreamCalls = () => stack.mock.requests.filter((r) => r.method === 'POST');

  const booked = (requestId: string) => bookedLog(stack.gateway.url, t.key, requestId);

  const expectBookedAs = (log: RequestLog, u: UpstreamUsage) =>
    expect({ prompt: log.prompt_tokens, completion: log.completion_tokens, cached: log.cached_tokens }).toEqual({
      prompt: u.input_tokens,
      completion: u.output_tokens,
      cached: u.input_tokens_details.cached_tokens,
    });

  it('plain: the upstream gets the Responses body (its model, store: false), the caller Tollgate’s id and model, usage booked as the upstream reported it', async () => {
    stack.mock.reset();
    const { data, response } = await client.responses
      .create({ model: 'tollgate-native', input: 'Hello there', instructions: 'Be brief.', reasoning: { effort: 'low' }, metadata: { ticket: '7' } })
      .withResponse();
    const [sent] = upstreamCalls();
    expect(upstreamCalls()).toHaveLength(1);
    expect(sent.path).toBe('/v1/responses');
    expect(sent.headers.authorization).toBe('Bearer sk-upstream-secret');
    expect(sent.body).toMatchObject({
      model: 'gpt-5-mini',
      input: 'Hello there',
      instructions: 'Be brief.',
      reasoning: { effort: 'low' },
      metadata: { ticket: '7' },
      store: false,
    });
    expect(sent.body).not.toHaveProperty('messages');
    const requestId = response.headers.get('x-request-id')!;
    expect(data).toMatchObject({
      id: requestId.replace(/^req_/, 'resp_'),
      object: 'response',
      status: 'completed',
      model: 'tollgate-native',
      store: true,
      max_output_tokens: null,
    });
    // The output cap the credit hold assumed goes upstream, as for chat.
    expect(sent.body).toMatchObject({ max_output_tokens: expect.any(Number) });
    expect(data.output_text).toBe('Hello from mock-upstream! You said: Hello there');
    expect(response.headers.get('x-tollgate-model')).toBe('gpt-5-mini');
    const usage = data.usage as unknown as UpstreamUsage;
    expect(usage.output_tokens_details.reasoning_tokens).toBe(2);
    const log = await booked(requestId);
    expectBookedAs(log, usage);
    expect(Number(response.headers.get('x-tollgate-cost'))).toBe(log.cost_micros);
    expect(log.cost_micros).toBeGreaterThan(0);
    expectValid('Response', JSON.parse(JSON.stringify(data, (k, v: unknown) => (k === 'output_text' ? undefined : v))));
    // Kept by Tollgate although the upstream kept nothing.
    expect(await client.responses.retrieve(data.id)).toMatchObject({ id: data.id, status: 'completed', model: 'tollgate-native' });
  });

  it('streaming: the upstream’s events pass through in order with Tollgate’s id; response.completed usage is what billing books', async () => {
    stack.mock.reset();
    const { data: stream, response } = await client.responses.create({ model: 'tollgate-native', input: 'Stream me a story', stream: true }).withResponse();
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    expect(upstreamCalls().map((r) => r.path)).toEqual(['/v1/responses']);
    expect(upstreamCalls()[0].body).toMatchObject({ model: 'gpt-5-mini', stream: true, store: false });
    const types = events.map((e) => e.type);
    const deltas = types.filter((x) => x === 'response.output_text.delta').length;
    expect(deltas).toBeGreaterThan(2);
    expect(types).toEqual(textStreamEventTypes(deltas));
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    for (const e of events) expectValid('ResponseStreamEvent', e);
    const id = response.headers.get('x-request-id')!.replace(/^req_/, 'resp_');
    for (const e of events) if ('response' in e) expect(e.response).toMatchObject({ id, model: 'tollgate-native', store: true });
    const text = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : [])).join('');
    expect(text).toBe('Hello from mock-upstream! You said: Stream me a story');
    const completed = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
    const log = await booked(response.headers.get('x-request-id')!);
    expectBookedAs(log, completed.response.usage as unknown as UpstreamUsage);
    expect(completed.response.usage).toMatchObject({ cost_micros: log.cost_micros });
    expect((await client.responses.retrieve(id)).output_text).toBe(text);
  });

  it('cached input tokens are booked as the upstream reported them', async () => {
    const { data, response } = await client.responses.create({ model: 'native-cached', input: 'A long enough prompt to cache' }).withResponse();
    const usage = data.usage as unknown as UpstreamUsage;
    expect(usage.input_tokens_details.cached_tokens).toBeGreaterThan(0);
    expectBookedAs(await booked(response.headers.get('x-request-id')!), usage);
  });

  it('an upstream answer without usage is billed at the gateway’s estimate, as chat’s is', async () => {
    const { data, response } = await client.responses.create({ model: 'native-no-usage', input: 'Count this yourself' }).withResponse();
    expect(data.usage).toBeUndefined();
    const log = await booked(response.headers.get('x-request-id')!);
    expect(log.completion_tokens).toBe(Math.ceil(data.output_text.length / 4));
    expect(log.prompt_tokens).toBeGreaterThan(0);
  });

  it('previous_response_id is resolved by Tollgate: the upstream gets the earlier turns in input, never the id', async () => {
    const first = await client.responses.create({ model: 'tollgate-native', input: 'My name is Ada' });
    stack.mock.reset();
    const second = await client.responses.create({ model: 'tollgate-native', input: 'What is my name?', previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    const body = upstreamCalls()[0].body as { input: { role?: string; type?: string; content: unknown }[]; previous_response_id?: string; store: boolean };
    expect(body.previous_response_id).toBeUndefined();
    expect(body.store).toBe(false);
    expect(body.input.map((i) => i.role)).toEqual(['user', 'assistant', 'user']);
    expect(body.input[1]).toMatchObject({ type: 'message', content: [{ type: 'output_text', text: first.output_text }] });
    expect(body.input[2]).toEqual({ role: 'user', content: 'What is my name?' });
    expect(second.output_text).toBe('Hello from mock-upstream! You said: What is my name?');
  });

  it('a stream the upstream breaks off ends with response.failed after its last event (valid against the spec), billed as chat bills it', async () => {
    const { data: stream, response } = await client.responses.create({ model: 'native-cut', input: 'Tell me everything', stream: true }).withResponse();
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.failed',
    ]);
    expect(events.at(-1)).toMatchObject({
      response: { id: response.headers.get('x-request-id')!.replace(/^req_/, 'resp_'), status: 'failed', error: { code: 'server_error' } },
    });
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    for (const e of events) expectValid('ResponseStreamEvent', e);
    expect((await booked(response.headers.get('x-request-id')!)).status).toBe(502);
  });

  it('falls back to a chat-completions target, bridged, when the Responses target fails', async () => {
    stack.mock.reset();
    const res = await client.responses.create({ model: 'native-fallback', input: 'Fall back please' });
    expect(upstreamCalls().map((r) => r.path)).toEqual(['/v1/responses', '/v1/chat/completions']);
    expect(res).toMatchObject({ status: 'completed', model: 'native-fallback' });
    expect(res.output_text).toBe('Hello from mock-upstream! You said: Fall back please');
  });
});
