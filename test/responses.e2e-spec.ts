import OpenAI from 'openai';
import { loadOpenApiValidator, openApiValidatorAvailable, type OpenApiValidator } from '../apps/mock-upstream/src/openapi-validator';
import type { AdminClient } from './support/admin-client';
import { INSUFFICIENT_CREDITS_BODY, INVALID_KEY_BODY, type TenantFixture, tenantWithKey } from './support/fixtures';
import { bookedLog, textStreamEventTypes } from './support/responses-api';
import type { Stack } from './support/stack';
import { testStack, type TestStack } from './support/test-stack';

/** POST /v1/responses with the official SDK: bridged to chat completions (and to Anthropic Messages), metered as chat is. */
describe('OpenAI Responses API through the gateway', () => {
  let ts: TestStack;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let client: OpenAI;
  let spec: OpenApiValidator | undefined;

  beforeAll(async () => {
    ts = await testStack({ tenants: [{ name: 'responses' }] });
    ({ stack, admin } = ts);
    [t] = ts.tenants;
    const claude = await admin.createProvider({ name: 'anthropic-mock', kind: 'anthropic', baseUrl: stack.mock.url, apiKey: 'sk-upstream-secret' });
    await admin.addModel(t.tenantId, 'tollgate-claude', claude.id, 'claude-sonnet-4-5');
    await admin.addModel(t.tenantId, 'cut', t.providerId, 'mock-stream-cut');
    client = new OpenAI({ apiKey: t.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    spec = openApiValidatorAvailable() ? loadOpenApiValidator() : undefined;
  }, 90_000);

  afterAll(() => ts?.close());

  /** The spec's schema check; a no-op only where the spec or its validator is absent (as the other conformance specs). */
  const expectValid = (schema: string, data: unknown) => spec?.expectValid(schema, data);
  const lastUpstream = () => stack.mock.requests.at(-1)!;

  const booked = (requestId: string) => bookedLog(stack.gateway.url, t.key, requestId);

  it('answers a plain response: output_text, usage as billed, the cost header, valid against the spec', async () => {
    stack.mock.reset();
    const { data, response } = await client.responses
      .create({ model: 'tollgate-fast', input: 'Hello there', instructions: 'Be brief.', metadata: { ticket: '42' } })
      .withResponse();
    expect(data).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'tollgate-fast',
      metadata: { ticket: '42' },
      store: true,
      instructions: 'Be brief.',
    });
    expect(data.id).toMatch(/^resp_[0-9a-f]{32}$/);
    expect(data.output_text).toBe('Hello from mock-upstream! You said: Hello there');
    expect(data.output).toEqual([expect.objectContaining({ type: 'message', role: 'assistant', status: 'completed' })]);
    const requestId = response.headers.get('x-request-id')!;
    expect(data.id).toBe(requestId.replace(/^req_/, 'resp_'));
    expect(response.headers.get('x-tollgate-provider')).toMatch(/^mock-/);
    const sent = lastUpstream();
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.body).toMatchObject({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello there' },
      ],
    });
    const log = await booked(requestId);
    expect(data.usage).toMatchObject({
      input_tokens: log.prompt_tokens,
      output_tokens: log.completion_tokens,
      input_tokens_details: { cached_tokens: log.cached_tokens },
      output_tokens_details: { reasoning_tokens: 0 },
    });
    expect(data.usage!.total_tokens).toBe(log.prompt_tokens + log.completion_tokens);
    expect(Number(response.headers.get('x-tollgate-cost'))).toBe(log.cost_micros);
    expect(log.cost_micros).toBeGreaterThan(0);
    expectValid('Response', JSON.parse(JSON.stringify(data, (k, v: unknown) => (k === 'output_text' ? undefined : v))));
  });

  it('streams typed events in order with increasing sequence numbers; response.completed usage equals what billing books', async () => {
    const { data: stream, response } = await client.responses.create({ model: 'tollgate-fast', input: 'Stream me a story', stream: true }).withResponse();
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    const types = events.map((e) => e.type);
    const deltas = types.filter((x) => x === 'response.output_text.delta').length;
    expect(deltas).toBeGreaterThan(2);
    expect(types).toEqual(textStreamEventTypes(deltas));
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    for (const e of events) expectValid('ResponseStreamEvent', e);
    const text = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : [])).join('');
    expect(text).toBe('Hello from mock-upstream! You said: Stream me a story');
    const completed = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
    const log = await booked(response.headers.get('x-request-id')!);
    expect(completed.response.usage).toMatchObject({ input_tokens: log.prompt_tokens, output_tokens: log.completion_tokens, cost_micros: log.cost_micros });
    expect(log.completion_tokens).toBe(deltas);
  });

  it('a function-tool round trip: function_call out (plain and streamed), function_call_output in', async () => {
    const tools: OpenAI.Responses.Tool[] = [
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather',
        parameters: { type: 'object', properties: { input: { type: 'string' } } },
        strict: false,
      },
    ];
    const first = await client.responses.create({ model: 'tollgate-fast', input: 'please use tool for Paris', tools, tool_choice: 'required' });
    const call = first.output.find((o): o is OpenAI.Responses.ResponseFunctionToolCall => o.type === 'function_call')!;
    expect(call).toMatchObject({ name: 'get_weather', status: 'completed' });
    expect(JSON.parse(call.arguments)).toEqual({ input: 'please use tool for Paris' });
    expect(lastUpstream().body).toMatchObject({ tools: [{ type: 'function', function: { name: 'get_weather' } }], tool_choice: 'required' });

    const second = await client.responses.create({
      model: 'tollgate-fast',
      tools,
      input: [{ role: 'user', content: 'please use tool for Paris' }, call, { type: 'function_call_output', call_id: call.call_id, output: '{"sky":"clear"}' }],
    });
    expect(second.output_text).toContain('Hello from mock-upstream!');
    expect((lastUpstream().body as { messages: unknown[] }).messages.slice(1)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: call.call_id, type: 'function', function: { name: 'get_weather', arguments: call.arguments } }] },
      { role: 'tool', tool_call_id: call.call_id, content: '{"sky":"clear"}' },
    ]);

    const streamed = client.responses.stream({ model: 'tollgate-fast', input: 'please use tool now', tools });
    const types: string[] = [];
    for await (const e of streamed) {
      types.push(e.type);
      expectValid('ResponseStreamEvent', e);
    }
    const final = await streamed.finalResponse();
    expect(types).toContain('response.function_call_arguments.delta');
    expect(types.indexOf('response.function_call_arguments.done')).toBeLessThan(types.indexOf('response.completed'));
    expect(final.output[0]).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: JSON.stringify({ input: 'please use tool now' }) });
  });

  it('structured output: text.format json_schema goes upstream as response_format', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    const res = await client.responses.create({
      model: 'tollgate-fast',
      input: 'Where?',
      text: { format: { type: 'json_schema', name: 'place', schema, strict: true } },
    });
    expect(res.text?.format).toMatchObject({ type: 'json_schema', name: 'place' });
    expect(lastUpstream().body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'place', schema, strict: true } } });
  });

  it('bridges to an Anthropic upstream through the Messages translation, plain and streamed', async () => {
    const plain = await client.responses.create({ model: 'tollgate-claude', input: 'Hi Claude', max_output_tokens: 100 });
    expect(lastUpstream().path).toBe('/v1/messages');
    expect(lastUpstream().body).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 100 });
    expect(plain.output_text).toContain('Hi Claude');
    expect(plain.usage!.input_tokens).toBeGreaterThan(0);
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of await client.responses.create({ model: 'tollgate-claude', input: 'Stream, Claude', stream: true })) events.push(e);
    expect(events.at(-1)).toMatchObject({ type: 'response.completed', response: { status: 'completed' } });
    expect(events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : [])).join('')).toContain('Stream, Claude');
    for (const e of events) expectValid('ResponseStreamEvent', e);
  });

  it('a stream the upstream breaks off ends with response.failed (valid against the spec), billed as the chat route bills it', async () => {
    const { data: stream, response } = await client.responses.create({ model: 'cut', input: 'Tell me everything', stream: true }).withResponse();
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    expect(events.slice(0, 2).map((e) => e.type)).toEqual(['response.created', 'response.in_progress']);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: 'server_error' } } });
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    for (const e of events) expectValid('ResponseStreamEvent', e);
    expect((await booked(response.headers.get('x-request-id')!)).status).toBe(502);
  });

  it.each([
    ['include', { include: ['reasoning.encrypted_content'] }, /not supported yet/],
    ['tools[0].type', { tools: [{ type: 'web_search' }] }, /'web_search' is not supported/],
    ['frobnicate', { frobnicate: true }, /Unknown parameter/],
  ])('refuses what it cannot bridge with a 400 naming %s, nothing sent upstream or billed', async (param, extra, message) => {
    stack.mock.reset();
    const err = await client.responses
      .create({ model: 'tollgate-fast', input: 'x', ...extra } as OpenAI.Responses.ResponseCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const bad = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(bad.error).toMatchObject({ type: 'invalid_request_error', param, code: 'invalid_request' });
    expect(bad.message).toMatch(message);
    expectValid('ErrorResponse', { error: bad.error });
    expect(stack.mock.requests).toHaveLength(0);
  });

  it('401, missing scope and insufficient credit in the chat route’s shapes', async () => {
    const post = (key: string) =>
      fetch(`${stack.gateway.baseUrl}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ model: 'tollgate-fast', input: 'x' }),
      });
    const unknown = await post('sk-tg-not-a-real-key');
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await unknown.json()).toEqual(INVALID_KEY_BODY);

    const { key: modelsOnly } = await admin.createKey(t.tenantId, { label: 'models-only', scopes: ['models:read'] });
    const denied = await new OpenAI({ apiKey: modelsOnly, baseURL: stack.gateway.baseUrl, maxRetries: 0 }).responses
      .create({ model: 'tollgate-fast', input: 'x' })
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((denied as Error).message).toContain("'chat:write'");

    const broke = await tenantWithKey(admin, stack, { name: 'broke', creditMicros: 0 });
    const poor = await post(broke.key);
    expect(poor.status).toBe(403);
    expect(await poor.json()).toEqual(INSUFFICIENT_CREDITS_BODY);
  });
});
