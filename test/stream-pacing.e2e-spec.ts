import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { adminFor, TEST_CREDIT_MICROS } from './support/fixtures';
import { createTestEnv, TestEnv } from './support/env';
import { startStack, Stack } from './support/stack';

/** The upstream sends one event every CHUNK_MS: each must reach the caller when it is sent, not later with the next. */
const CHUNK_MS = 150;

describe('streams are relayed event by event, as the upstream sends them', () => {
  let env: TestEnv;
  let stack: Stack;
  let key: string;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env, { mockChunkDelayMs: CHUNK_MS });
    const admin = adminFor(env, stack);
    const tenantId = (await admin.createTenant('pacing')).id;
    await admin.credit(tenantId, TEST_CREDIT_MICROS);
    const provider = await admin.createProvider({ name: 'paced', baseUrl: stack.mock.url, apiKey: 'sk-upstream-secret' });
    await admin.addModel(tenantId, 'paced', provider.id, 'gpt-4.1-mini');
    key = (await admin.createKey(tenantId, { label: 'pacing' })).key;
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  /** Gaps between consecutive arrivals: every one close to CHUNK_MS when nothing is held back. */
  const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);

  it('OpenAI SDK: each chunk arrives on its own, CHUNK_MS after the one before', async () => {
    const client = new OpenAI({ apiKey: key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'paced', stream: true, messages: [{ role: 'user', content: 'one two three four five' }] });
    const arrivals: number[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) arrivals.push(Date.now());
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    for (const gap of gaps(arrivals)) expect(gap).toBeGreaterThan(CHUNK_MS * 0.6);
  });

  it('Anthropic SDK: each text delta arrives on its own, CHUNK_MS after the one before', async () => {
    const client = new Anthropic({ apiKey: key, baseURL: stack.gateway.url, maxRetries: 0 });
    const stream = client.messages.stream({ model: 'paced', max_tokens: 100, messages: [{ role: 'user', content: 'one two three four five' }] });
    const arrivals: number[] = [];
    stream.on('text', () => arrivals.push(Date.now()));
    await stream.finalMessage();
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    for (const gap of gaps(arrivals)) expect(gap).toBeGreaterThan(CHUNK_MS * 0.6);
  });
});
