import OpenAI from 'openai';
import { AdminClient } from './support/admin-client';
import { adminFor, TEST_CREDIT_MICROS } from './support/fixtures';
import { createTestEnv, TestEnv } from './support/env';
import { startStack, Stack } from './support/stack';

describe('OpenAI SDK through the gateway', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let client: OpenAI;
  let tenantId: string;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    tenantId = (await admin.createTenant('acme')).id;
    await admin.credit(tenantId, TEST_CREDIT_MICROS);
    const provider = await admin.createProvider({ name: 'mock', baseUrl: stack.mock.url, apiKey: 'sk-upstream-secret' });
    await admin.addModel(tenantId, 'tollgate-fast', provider.id, 'gpt-4.1-mini');
    await admin.addModel(tenantId, 'openai/gpt-4.1-mini', provider.id, 'gpt-4.1-mini');
    const { key } = await admin.createKey(tenantId, { label: 'sdk' });
    client = new OpenAI({ apiKey: key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  it('answers a plain chat completion, routed to the upstream model with the upstream credential', async () => {
    stack.mock.reset();
    const { data, response } = await client.chat.completions
      .create({ model: 'tollgate-fast', messages: [{ role: 'user', content: 'Hello there' }] })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0].message.content).toEqual(expect.any(String));
    expect(data.choices[0].message.content!.length).toBeGreaterThan(0);
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get('x-tollgate-provider')).toBe('mock');
    const sent = stack.mock.requests.at(-1)!;
    expect((sent.body as { model: string }).model).toBe('gpt-4.1-mini');
    expect(sent.headers.authorization).toBe('Bearer sk-upstream-secret');
  });

  it('streams chunks and only shows the usage chunk when the client asked for it', async () => {
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    const stream = await client.chat.completions.create({ model: 'tollgate-fast', stream: true, messages: [{ role: 'user', content: 'Stream me a story' }] });
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).not.toHaveLength(0);
    expect(chunks.some((c) => c.usage)).toBe(false);
    expect((stack.mock.requests.at(-1)!.body as { stream_options?: { include_usage?: boolean } }).stream_options?.include_usage).toBe(true);

    const withUsage: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    const stream2 = await client.chat.completions.create({
      model: 'tollgate-fast',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Stream me a story' }],
    });
    for await (const chunk of stream2) withUsage.push(chunk);
    const last = withUsage.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('creates embeddings, metered like completions', async () => {
    const { data, response } = await client.embeddings.create({ model: 'tollgate-fast', input: ['first text', 'second text'] }).withResponse();
    expect(data.object).toBe('list');
    expect(data.data).toHaveLength(2);
    expect(data.data[0].embedding.length).toBeGreaterThan(0);
    expect(data.usage.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-tollgate-cost')).toBe(String(data.usage.prompt_tokens)); // 1 USD per million input tokens
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it("refuses embeddings input OpenAI refuses: more than 2048 items, or an empty string, with a 400 naming 'input'", async () => {
    const refusal = (input: string | string[] | number[]) => client.embeddings.create({ model: 'tollgate-fast', input }).catch((e: unknown) => e);
    for (const [input, says] of [
      [Array<string>(2049).fill('a'), 'at most 2048 items'],
      [Array<number>(2049).fill(1), 'at most 2048 items'],
      ['', 'must not be an empty string'],
      [['first', ''], 'must not be an empty string'],
    ] as const) {
      const err = await refusal(input as string | string[] | number[]);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err).toMatchObject({ status: 400, param: 'input', type: 'invalid_request_error' });
      expect((err as Error).message).toContain(says);
    }
    expect((await client.embeddings.create({ model: 'tollgate-fast', input: Array<string>(2048).fill('a') })).data).toHaveLength(2048);
  });

  it('refuses a call whose scope the key lacks, naming the scope', async () => {
    const { key } = await admin.createKey(tenantId, { label: 'chat-only', scopes: ['chat:write'] });
    const limited = new OpenAI({ apiKey: key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    const err = await limited.embeddings.create({ model: 'tollgate-fast', input: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((err as InstanceType<typeof OpenAI.PermissionDeniedError>).message).toContain("'embeddings:write'");
    await expect(limited.models.list()).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((await limited.chat.completions.create({ model: 'tollgate-fast', messages: [{ role: 'user', content: 'x' }] })).choices).toHaveLength(1);
  });

  it('lists exactly the models registered for the tenant', async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids.sort()).toEqual(['openai/gpt-4.1-mini', 'tollgate-fast']);
  });
});
