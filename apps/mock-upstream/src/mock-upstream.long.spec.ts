import OpenAI from 'openai';
import { monotonicMicros, STAMP_DIGITS, STAMP_MARKER } from './long-reply';
import { startMockUpstream as start, type MockUpstream, type MockUpstreamOptions } from './mock-upstream';

const user = (content: string) => [{ role: 'user' as const, content }];
const STAMPED = new RegExp(`^ ${STAMP_MARKER}(\\d{${STAMP_DIGITS}})$`);

/** Blocks this process's event loop (mock and client alike) for `ms`. */
function block(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

describe('mock-upstream long replies (streamChunks, stampChunks, fixedRate)', () => {
  const started: MockUpstream[] = [];
  const startMock = async (opts: MockUpstreamOptions) => {
    const mock = await start(opts);
    started.push(mock);
    return new OpenAI({ apiKey: 'k', baseURL: mock.url, maxRetries: 0 });
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((m) => m.close()));
  });

  it('streamChunks sets the reply length, plain and streamed, with usage to match; max_tokens still truncates', async () => {
    const client = await startMock({ streamChunks: 50 });
    const plain = await client.chat.completions.create({ model: 'gpt-4o', messages: user('hi') });
    expect(plain.choices[0].message.content).toBe(' word'.repeat(50));
    expect(plain.usage?.completion_tokens).toBe(50);

    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: user('hi'), stream: true, stream_options: { include_usage: true } });
    const contents: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const c = chunk.choices[0];
      if (c?.delta.content) contents.push(c.delta.content);
      if (c?.finish_reason) finish = c.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(contents).toHaveLength(50);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBe(50);

    const cut = await client.chat.completions.create({ model: 'gpt-4o', messages: user('hi'), max_tokens: 10 });
    expect(cut.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: ' word'.repeat(10) } });
  });

  it('stampChunks stamps each streamed chunk with the monotonic time it was written', async () => {
    const client = await startMock({ streamChunks: 20, stampChunks: true, chunkDelayMs: 5 });
    const before = monotonicMicros();
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: user('hi'), stream: true });
    const stamps: number[] = [];
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (!content) continue;
      const arrived = monotonicMicros();
      const m = STAMPED.exec(content);
      expect(m).not.toBeNull();
      const stamp = Number(m![1]);
      expect(stamp).toBeGreaterThanOrEqual(before);
      expect(stamp).toBeLessThanOrEqual(arrived); // written before it arrived, on the same clock
      stamps.push(stamp);
    }
    expect(stamps).toHaveLength(20);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i] - stamps[i - 1]).toBeGreaterThanOrEqual(4_000); // ~5 ms apart
  });

  it('fixedRate keeps the rate after a stall: overdue chunks go at once instead of pushing the rest back', async () => {
    const delay = 10;
    const n = 20;
    /** Microseconds between consecutive chunks' write stamps, with a 100 ms stall of this process after the fifth. */
    const gapsOf = async (fixedRate: boolean): Promise<number[]> => {
      const client = await startMock({ streamChunks: n, stampChunks: true, chunkDelayMs: delay, fixedRate });
      const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: user('hi'), stream: true });
      const stamps: number[] = [];
      for await (const chunk of stream) {
        const m = STAMPED.exec(chunk.choices[0]?.delta.content ?? '');
        if (!m) continue;
        stamps.push(Number(m[1]));
        if (stamps.length === 5) block(100);
      }
      expect(stamps).toHaveLength(n);
      return stamps.slice(1).map((stamp, i) => stamp - stamps[i]);
    };
    // Shapes, not wall-clock totals (a loaded machine only makes gaps longer): after the stall the
    // fixed-rate schedule sends the chunks that fell due during it back to back, while the relative
    // one never sends two closer than a period (a timer never fires early; 2 ms of rounding allowed).
    const fixed = await gapsOf(true);
    const relative = await gapsOf(false);
    expect(fixed.filter((us) => us < (delay * 1000) / 2).length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...relative)).toBeGreaterThanOrEqual((delay - 2) * 1000);
  });
});
