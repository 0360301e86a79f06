import OpenAI from 'openai';
import { startMockUpstream, type MockUpstream } from './mock-upstream';

const KEY = 'sk-mock-test';
const user = (content: string) => [{ role: 'user' as const, content }];
const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }];

describe('mock-upstream via the official openai SDK', () => {
  let mock: MockUpstream;
  let client: OpenAI;

  beforeAll(async () => {
    mock = await startMockUpstream({ apiKey: KEY });
    client = new OpenAI({ apiKey: KEY, baseURL: mock.url, maxRetries: 0 });
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  it('answers a plain chat completion and records what was sent', async () => {
    const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: user('hi there') });
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('gpt-4o-mini');
    expect(res.choices[0].message).toMatchObject({ role: 'assistant', content: 'Hello from mock-upstream! You said: hi there' });
    expect(res.choices[0].finish_reason).toBe('stop');
    expect(res.usage).toMatchObject({ prompt_tokens: 2, completion_tokens: 7, total_tokens: 9, prompt_tokens_details: { cached_tokens: 0 } });
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: { model: 'gpt-4o-mini' } });
    expect(mock.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('streams without a usage chunk unless include_usage is set', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: user('hi there'), stream: true });
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.usage ?? undefined).toBeUndefined();
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe('Hello from mock-upstream! You said: hi there');
    expect(chunks).toBe(9); // role + 7 words + finish
  });

  it('streams a final usage chunk with empty choices when include_usage is set', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: user('hi there'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const all: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) all.push(chunk);
    const withUsage = all.filter((c) => c.usage);
    expect(withUsage).toHaveLength(1);
    const last = all[all.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 2, completion_tokens: 7, total_tokens: 9 });
    expect(all[all.length - 2].choices[0].finish_reason).toBe('stop');
    expect(new Set(all.map((c) => c.id)).size).toBe(1);
  });

  it('answers tool calls, plain and streamed', async () => {
    const plain = await client.chat.completions.create({ model: 'gpt-4o', messages: user('please use tool'), tools });
    expect(plain.choices[0].finish_reason).toBe('tool_calls');
    const call = plain.choices[0].message.tool_calls?.[0];
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(JSON.parse(call?.type === 'function' ? call.function.arguments : '')).toEqual({ input: 'please use tool' });

    const forced = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: user('weather?'),
      tools: [...tools, { type: 'function', function: { name: 'other' } }],
      tool_choice: { type: 'function', function: { name: 'other' } },
    });
    expect(forced.choices[0].message.tool_calls?.[0]).toMatchObject({ function: { name: 'other' } });

    const runner = client.chat.completions.stream({ model: 'gpt-4o', messages: user('use tool now'), tools, stream_options: { include_usage: true } });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0].finish_reason).toBe('tool_calls');
    const streamed = final.choices[0].message.tool_calls?.[0];
    expect(streamed).toMatchObject({ id: expect.stringMatching(/^call_/), function: { name: 'get_weather', arguments: '{"input":"use tool now"}' } });
    expect(final.usage?.completion_tokens).toBeGreaterThan(0);

    const noTool = await client.chat.completions.create({ model: 'gpt-4o', messages: user('just talk'), tools });
    expect(noTool.choices[0].finish_reason).toBe('stop');
  });

  it('truncates at max_completion_tokens with finish_reason length', async () => {
    const res = await client.chat.completions.create({ model: 'gpt-4o', messages: user('hi'), max_completion_tokens: 2 });
    expect(res.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'Hello from' } });
    expect(res.usage?.completion_tokens).toBe(2);
  });

  it('creates deterministic embeddings (base64 default and float)', async () => {
    const a = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] });
    const b = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'], encoding_format: 'float', dimensions: 8 });
    expect(a.object).toBe('list');
    expect(a.model).toBe('text-embedding-3-small');
    expect(a.data).toHaveLength(2);
    expect(a.data[0].embedding).toHaveLength(8);
    expect(a.data[0].embedding).toEqual(b.data[0].embedding);
    expect(a.data[0].embedding).not.toEqual(a.data[1].embedding);
    expect(a.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 }); // ceil(5/4) + ceil(4/4)
  });

  it('lists models', async () => {
    const page = await client.models.list();
    expect(page.data.map((m) => m.id)).toEqual(expect.arrayContaining(['gpt-4o', 'text-embedding-3-small']));
    expect(page.data[0]).toMatchObject({ object: 'model', owned_by: 'mock-upstream' });
    expect((await client.models.retrieve('gpt-4o')).id).toBe('gpt-4o');
  });

  it('maps the error switches to the SDK error classes', async () => {
    await expect(client.chat.completions.create({ model: 'mock-error-500', messages: user('x') })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    const limited = await client.chat.completions.create({ model: 'mock-error-429', messages: user('x') }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('1');
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded', param: null });
    const bad = new OpenAI({ apiKey: 'wrong', baseURL: mock.url, maxRetries: 0 });
    await expect(bad.chat.completions.create({ model: 'gpt-4o', messages: user('x') })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(bad.embeddings.create({ model: 'm', input: 'x' })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(client.post('/nope', { body: {} })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [] })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('surfaces mock-stream-cut as an error after three chunks', async () => {
    const stream = await client.chat.completions.create({
      model: 'mock-stream-cut',
      messages: user('x'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const seen: OpenAI.ChatCompletionChunk[] = [];
    const consume = async () => {
      for await (const chunk of stream) seen.push(chunk);
    };
    await expect(consume()).rejects.toThrow();
    expect(seen).toHaveLength(3);
    expect(seen.some((c) => c.usage)).toBe(false);
  });

  it('mock-no-usage never reports usage; mock-cached reports cached tokens', async () => {
    const plain = await client.chat.completions.create({ model: 'mock-no-usage', messages: user('x') });
    expect(plain.usage).toBeUndefined();
    const stream = await client.chat.completions.create({ model: 'mock-no-usage', messages: user('x'), stream: true, stream_options: { include_usage: true } });
    for await (const chunk of stream) expect(chunk.usage ?? undefined).toBeUndefined();
    const cached = await client.chat.completions.create({ model: 'mock-cached', messages: user('a fairly long prompt to cache') });
    expect(cached.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThan(0);
    expect(cached.usage?.prompt_tokens_details?.cached_tokens).toBeLessThanOrEqual(cached.usage?.prompt_tokens ?? 0);
  });
});
