import OpenAI from 'openai';
import { eventually } from '../../../test/support/eventually';
import { startMockUpstream as start, type MockUpstream, type MockUpstreamOptions } from './mock-upstream';

const user = (content: string) => [{ role: 'user' as const, content }];

describe('mock-upstream delays, hangs and aborts', () => {
  const started: MockUpstream[] = [];
  const startMockUpstream = async (opts?: MockUpstreamOptions) => {
    const mock = await start(opts);
    started.push(mock);
    return mock;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((m) => m.close()));
  });

  it('mock-slow-<ms> and delayMs delay the answer', async () => {
    const mock = await startMockUpstream({ delayMs: 50 });
    const client = new OpenAI({ apiKey: 'k', baseURL: mock.url, maxRetries: 0 });
    let t = Date.now();
    await client.chat.completions.create({ model: 'gpt-4o', messages: user('x') });
    expect(Date.now() - t).toBeGreaterThanOrEqual(45);
    t = Date.now();
    await client.chat.completions.create({ model: 'mock-slow-200', messages: user('x') });
    expect(Date.now() - t).toBeGreaterThanOrEqual(240);
    await mock.close();
  });

  it('mock-hang never answers; a client abort releases it and close() releases it', async () => {
    const mock = await startMockUpstream();
    const client = new OpenAI({ apiKey: 'k', baseURL: mock.url, maxRetries: 0, timeout: 200 });
    const started = Date.now();
    // a timeout (APIConnectionTimeoutError outside jest; jest's realm makes it the base class)
    const timedOut = await client.chat.completions.create({ model: 'mock-hang', messages: user('x') }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const pending = client.chat.completions.create({ model: 'mock-hang', messages: user('x') }, { timeout: 60_000 }).catch((e: unknown) => e);
    // close() must release a request the mock holds: wait until it has the second one.
    await eventually(
      async () => mock.requests.length,
      (n) => n === 2,
    );
    await mock.close();
    expect(await pending).toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('an abort mid-stream stops the stream and leaves the mock serving', async () => {
    const mock = await startMockUpstream({ chunkDelayMs: 100, delayMs: 10 });
    const client = new OpenAI({ apiKey: 'k', baseURL: mock.url, maxRetries: 0 });
    const ac = new AbortController();
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: user('a b c d e f g'), stream: true }, { signal: ac.signal });
    const seen: string[] = [];
    const consume = (async () => {
      for await (const chunk of stream) {
        seen.push(chunk.choices[0]?.delta.content ?? '');
        if (seen.length === 2) ac.abort();
      }
    })().catch((e: unknown) => e);
    await consume;
    expect(seen).toHaveLength(2);
    const after = await client.chat.completions.create({ model: 'gpt-4o', messages: user('still there?') });
    expect(after.choices[0].message.content).toContain('still there?');
  });

  it('streams with chunkDelayMs spread the chunks over time', async () => {
    const mock = await startMockUpstream({ chunkDelayMs: 20 });
    const client = new OpenAI({ apiKey: 'k', baseURL: mock.url, maxRetries: 0 });
    const t = Date.now();
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: user('hi'), stream: true });
    let n = 0;
    for await (const _ of stream) n++;
    expect(n).toBe(8); // role + 6 words + finish
    expect(Date.now() - t).toBeGreaterThanOrEqual(20 * 7);
    await mock.close();
  });

  it('keeps `requests` bounded and reset() empties it', async () => {
    const mock = await startMockUpstream({ maxRecordedRequests: 3 });
    const client = new OpenAI({ apiKey: 'k', baseURL: mock.url, maxRetries: 0 });
    for (let i = 0; i < 5; i++) await client.chat.completions.create({ model: `m${i}`, messages: user('x') });
    expect(mock.requests.map((r) => (r.body as { model: string }).model)).toEqual(['m2', 'm3', 'm4']);
    mock.reset();
    expect(mock.requests).toHaveLength(0);
    await mock.close();
  });
});
