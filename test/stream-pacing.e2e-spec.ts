import Anthropic from '@anthropic-ai/sdk';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { adminFor, TEST_CREDIT_MICROS } from './support/fixtures';
import { createTestEnv, TestEnv } from './support/env';
import { startStack, Stack } from './support/stack';

const WORDS = ['one ', 'two ', 'three ', 'four ', 'five'];
/** How long the upstream waits for the caller to see a piece before it gives up and sends the next one. */
const HOLD_MS = 5_000;

/**
 * An OpenAI-compatible upstream that streams WORDS one piece at a time and sends each next piece
 * only once the caller has received the one before (the test says so through `delivered`). A
 * gateway that relays each event as the upstream sends it streams straight through; one that
 * holds an event back until more arrives stalls the upstream, which after HOLD_MS notes the stall
 * and goes on. No timing window to flake on a loaded machine: the assertion is on causality.
 */
class LockstepUpstream {
  private waiting: (() => void) | null = null;
  /** Pieces the caller had not received when the upstream had to send the next one anyway. */
  stalls: string[] = [];
  private constructor(readonly server: Server) {}

  static async start(): Promise<LockstepUpstream> {
    let self!: LockstepUpstream;
    const server = createServer((req, res) => void self.handle(req, res));
    self = new LockstepUpstream(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** The caller received the latest piece. */
  delivered(): void {
    this.waiting?.();
  }

  private seen(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), HOLD_MS);
      this.waiting = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  private async handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += chunk;
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not here"}}');
      return;
    }
    const body = JSON.parse(text) as { model: string; stream_options?: { include_usage?: boolean } };
    const base = { id: 'chatcmpl-lockstep', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model };
    const frame = (o: object) => `data: ${JSON.stringify({ ...base, ...o })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(frame({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }));
    for (const [i, word] of WORDS.entries()) {
      // The last piece is followed by the end of the stream, which would flush anything held anyway.
      const seen = i < WORDS.length - 1 ? this.seen() : null;
      res.write(frame({ choices: [{ index: 0, delta: { content: word }, finish_reason: null }] }));
      if (seen && !(await seen)) this.stalls.push(word);
    }
    this.waiting = null;
    res.write(frame({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
    if (body.stream_options?.include_usage)
      res.write(frame({ choices: [], usage: { prompt_tokens: 5, completion_tokens: WORDS.length, total_tokens: 5 + WORDS.length } }));
    res.end('data: [DONE]\n\n');
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('streams are relayed event by event, as the upstream sends them', () => {
  let env: TestEnv;
  let stack: Stack;
  let upstream: LockstepUpstream;
  let key: string;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    upstream = await LockstepUpstream.start();
    const admin = adminFor(env, stack);
    const tenantId = (await admin.createTenant('pacing')).id;
    await admin.credit(tenantId, TEST_CREDIT_MICROS);
    const provider = await admin.createProvider({ name: 'lockstep', baseUrl: upstream.url, apiKey: 'sk-upstream-secret' });
    await admin.addModel(tenantId, 'paced', provider.id, 'gpt-4.1-mini');
    key = (await admin.createKey(tenantId, { label: 'pacing' })).key;
  });

  beforeEach(() => {
    upstream.stalls = [];
  });

  afterAll(async () => {
    await upstream?.close();
    await stack?.close();
    await env?.drop();
  });

  it('OpenAI SDK: each chunk reaches the caller before the upstream sends the next', async () => {
    const client = new OpenAI({ apiKey: key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'paced', stream: true, messages: [{ role: 'user', content: 'one two three four five' }] });
    const pieces: string[] = [];
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta?.content;
      if (!content) continue;
      pieces.push(content);
      upstream.delivered();
    }
    expect(pieces.join('')).toBe(WORDS.join(''));
    expect(upstream.stalls).toEqual([]);
  });

  it('Anthropic SDK: each text delta reaches the caller before the upstream sends the next', async () => {
    const client = new Anthropic({ apiKey: key, baseURL: stack.gateway.url, maxRetries: 0 });
    const stream = client.messages.stream({ model: 'paced', max_tokens: 100, messages: [{ role: 'user', content: 'one two three four five' }] });
    const pieces: string[] = [];
    stream.on('text', (delta) => {
      pieces.push(delta);
      upstream.delivered();
    });
    await stream.finalMessage();
    expect(pieces.join('')).toBe(WORDS.join(''));
    expect(upstream.stalls).toEqual([]);
  });
});
