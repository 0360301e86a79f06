import Anthropic from '@anthropic-ai/sdk';
import { startMockUpstream, type MockUpstream } from './mock-upstream';

const KEY = 'sk-ant-mock-test';
const user = (content: string) => [{ role: 'user' as const, content }];
const tools: Anthropic.Tool[] = [
  { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
  { name: 'other', input_schema: { type: 'object' } },
];

describe('mock-upstream Anthropic Messages API via the official @anthropic-ai/sdk', () => {
  let mock: MockUpstream;
  let client: Anthropic;

  beforeAll(async () => {
    mock = await startMockUpstream({ apiKey: KEY });
    client = new Anthropic({ apiKey: KEY, baseURL: mock.origin, maxRetries: 0 });
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  it('answers a plain message and records what was sent', async () => {
    const msg = await client.messages.create({ model: 'claude-test', max_tokens: 100, system: 'Be brief.', messages: user('hi there') });
    expect(msg).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-test', stop_reason: 'end_turn', stop_sequence: null });
    expect(msg.id).toMatch(/^msg_mock/);
    expect(msg.content).toEqual([{ type: 'text', text: 'Hello from mock-upstream! You said: hi there' }]);
    expect(msg.usage).toMatchObject({ input_tokens: 5, output_tokens: 7, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 }); // ceil((9+8)/4)
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]).toMatchObject({ method: 'POST', path: '/v1/messages', body: { model: 'claude-test', max_tokens: 100 } });
    expect(mock.requests[0].headers.authorization).toBe(`Bearer ${KEY}`); // this SDK version sends the key as a bearer token
    expect(mock.requests[0].headers['anthropic-version']).toBeDefined();
  });

  it('accepts x-api-key as well as Authorization: Bearer, and rejects a wrong key with AuthenticationError', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${mock.origin}/v1/messages`, { method: 'POST', headers, body: JSON.stringify({ model: 'm', max_tokens: 5, messages: user('x') }) });
    expect((await post({ 'x-api-key': KEY, 'anthropic-version': '2023-06-01' })).status).toBe(200);
    expect((await post({ authorization: `Bearer ${KEY}` })).status).toBe(200);
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' } });
    const bad = new Anthropic({ apiKey: 'wrong', baseURL: mock.origin, maxRetries: 0 });
    const err = await bad.messages.create({ model: 'm', max_tokens: 5, messages: user('x') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((err as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
    });
  });

  it('streams the real event sequence, ping included', async () => {
    const stream = await client.messages.create({ model: 'claude-test', max_tokens: 100, messages: user('hi there'), stream: true });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      if (event.type === 'message_delta') expect(event.usage.output_tokens).toBe(7);
    }
    expect(text).toBe('Hello from mock-upstream! You said: hi there');
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      ...Array(7).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const raw = await (
      await fetch(`${mock.origin}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': KEY },
        body: JSON.stringify({ model: 'm', max_tokens: 9, messages: user('x'), stream: true }),
      })
    ).text();
    expect(
      raw
        .split('\n\n')
        .filter(Boolean)
        .map((f) => f.split('\n')[0]),
    ).toEqual(expect.arrayContaining(['event: message_start', 'event: content_block_start', 'event: ping', 'event: message_stop']));
    expect(raw.indexOf('event: ping')).toBeLessThan(raw.indexOf('event: content_block_delta'));
  });

  it('accumulates with messages.stream() into the final message', async () => {
    const final = await client.messages.stream({ model: 'claude-test', max_tokens: 100, messages: user('stream me') }).finalMessage();
    expect(final.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello from mock-upstream! You said: stream me' })]);
    expect(final.usage).toMatchObject({ output_tokens: 7 });
    expect(final.stop_reason).toBe('end_turn');
  });

  it('uses tools on "use tool", tool_choice any and a named tool; not after a tool result', async () => {
    const plain = await client.messages.create({ model: 'claude-test', max_tokens: 100, messages: user('please use tool'), tools });
    expect(plain.stop_reason).toBe('tool_use');
    expect(plain.content[0]).toEqual({ type: 'text', text: 'Let me use get_weather.' });
    expect(plain.content[1]).toMatchObject({
      type: 'tool_use',
      id: expect.stringMatching(/^toolu_mock/),
      name: 'get_weather',
      input: { input: 'please use tool' },
    });

    const named = await client.messages.create({
      model: 'claude-test',
      max_tokens: 100,
      messages: user('weather?'),
      tools,
      tool_choice: { type: 'tool', name: 'other' },
    });
    expect(named.content.find((b) => b.type === 'tool_use')).toMatchObject({ name: 'other' });
    const any = await client.messages.create({ model: 'claude-test', max_tokens: 100, messages: user('weather?'), tools, tool_choice: { type: 'any' } });
    expect(any.stop_reason).toBe('tool_use');

    const final = await client.messages.stream({ model: 'claude-test', max_tokens: 100, messages: user('use tool now'), tools }).finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content[1]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { input: 'use tool now' } });
    expect(final.usage.output_tokens).toBe(7); // 4 lead-in words + 3 argument pieces

    const call = plain.content[1] as Anthropic.ToolUseBlock;
    const after = await client.messages.create({
      model: 'claude-test',
      max_tokens: 100,
      tools,
      messages: [
        ...user('please use tool'),
        { role: 'assistant', content: plain.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny' }] },
      ],
    });
    expect(after.stop_reason).toBe('end_turn');
    const none = await client.messages.create({ model: 'claude-test', max_tokens: 100, messages: user('use tool'), tools, tool_choice: { type: 'none' } });
    expect(none.stop_reason).toBe('end_turn');
  });

  it('stops at max_tokens and at a stop sequence', async () => {
    const short = await client.messages.create({ model: 'claude-test', max_tokens: 2, messages: user('hi') });
    expect(short).toMatchObject({ stop_reason: 'max_tokens', content: [{ type: 'text', text: 'Hello from' }], usage: { output_tokens: 2 } });
    const stopped = await client.messages.create({ model: 'claude-test', max_tokens: 100, messages: user('hi'), stop_sequences: ['mock'] });
    expect(stopped).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'mock', content: [{ type: 'text', text: 'Hello from ' }] });
  });

  it('reports cache reads for mock-cached, with input_tokens excluding them', async () => {
    const msg = await client.messages.create({ model: 'mock-cached', max_tokens: 100, messages: user('a fairly long prompt to cache') });
    expect(msg.usage.cache_read_input_tokens).toBe(4); // floor(ceil(29/4) / 2)
    expect(msg.usage.input_tokens).toBe(4);
  });

  it('maps the error switches to the SDK error classes, in Anthropic error bodies', async () => {
    const failed = await client.messages.create({ model: 'mock-error-500', max_tokens: 5, messages: user('x') }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Anthropic.InternalServerError);
    expect((failed as InstanceType<typeof Anthropic.InternalServerError>).error).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    const limited = await client.messages.create({ model: 'mock-error-429', max_tokens: 5, messages: user('x') }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('1');
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).error).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error' },
      request_id: expect.any(String),
    });
    const bad = await client.messages
      .create({ model: 'm', messages: user('x') } as unknown as Anthropic.MessageCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Anthropic.BadRequestError);
    expect((bad as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });
  });

  it('mock-stream-cut breaks the stream after the first text delta', async () => {
    const stream = await client.messages.create({ model: 'mock-stream-cut', max_tokens: 100, messages: user('x'), stream: true });
    const seen: string[] = [];
    const consume = async () => {
      for await (const event of stream) seen.push(event.type);
    };
    await expect(consume()).rejects.toThrow();
    expect(seen).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
  });

  it('mock-slow-<ms> delays and mock-hang never answers', async () => {
    let t = Date.now();
    await client.messages.create({ model: 'mock-slow-150', max_tokens: 5, messages: user('x') });
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    t = Date.now();
    const hung = await client.messages.create({ model: 'mock-hang', max_tokens: 5, messages: user('x') }, { timeout: 200 }).catch((e: unknown) => e);
    expect(hung).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(Date.now() - t).toBeGreaterThanOrEqual(190);
  });
});
