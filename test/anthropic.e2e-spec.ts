import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

const weather = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('both wire formats, translated both ways', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack, { models: ['tollgate-fast'] });
    const claude = await admin.createProvider({ name: 'anthropic-mock', kind: 'anthropic', baseUrl: stack.mock.url, apiKey: 'sk-upstream-secret' });
    await admin.addModel(t.tenantId, 'tollgate-claude', claude.id, 'claude-sonnet-4-5');
    await admin.addModel(t.tenantId, 'claude-cached', claude.id, 'mock-cached');
    await admin.addModel(t.tenantId, 'busy', t.providerId, 'mock-error-429');
    openai = new OpenAI({ apiKey: t.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: t.key, baseURL: stack.gateway.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  const lastUpstreamPath = () => stack.mock.requests.at(-1)!.path;

  describe('the same OpenAI SDK code, only the alias changes', () => {
    it.each([
      ['tollgate-fast', '/v1/chat/completions'],
      ['tollgate-claude', '/v1/messages'],
    ])('plain chat via %s reaches %s', async (model, upstreamPath) => {
      const res = await openai.chat.completions.create({
        model,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hello gateway' },
        ],
      });
      expect(res.object).toBe('chat.completion');
      expect(res.choices[0].message.content).toContain('Hello gateway');
      expect(res.choices[0].finish_reason).toBe('stop');
      expect(res.usage!.prompt_tokens).toBeGreaterThan(0);
      expect(res.usage!.completion_tokens).toBeGreaterThan(0);
      expect(lastUpstreamPath()).toBe(upstreamPath);
    });

    it.each(['tollgate-fast', 'tollgate-claude'])('streams via %s with usage', async (model) => {
      const stream = await openai.chat.completions.create({
        model,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Stream to me' }],
      });
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        if (chunk.usage) usage = chunk.usage;
      }
      expect(text).toContain('Stream to me');
      expect(usage!.completion_tokens).toBeGreaterThan(0);
    });

    it.each(['tollgate-fast', 'tollgate-claude'])('calls tools via %s, plain and streamed', async (model) => {
      const plain = await openai.chat.completions.create({
        model,
        tools: [weather],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        messages: [{ role: 'user', content: 'use tool: weather in Paris' }],
      });
      const call = plain.choices[0].message.tool_calls![0] as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
      expect(call.function.name).toBe('get_weather');
      expect(() => JSON.parse(call.function.arguments)).not.toThrow();
      expect(plain.choices[0].finish_reason).toBe('tool_calls');
      const runner = openai.chat.completions.stream({
        model,
        tools: [weather],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        messages: [{ role: 'user', content: 'use tool: weather in Oslo' }],
      });
      const final = await runner.finalChatCompletion();
      const streamed = final.choices[0].message.tool_calls![0] as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
      expect(streamed.function.name).toBe('get_weather');
      expect(typeof JSON.parse(streamed.function.arguments)).toBe('object');
    });

    it('carries cached-token usage across from Anthropic', async () => {
      const res = await openai.chat.completions.create({
        model: 'claude-cached',
        messages: [{ role: 'user', content: 'a long prompt that was cached before, mostly' }],
      });
      expect(res.usage!.prompt_tokens_details!.cached_tokens).toBeGreaterThan(0);
    });
  });

  describe('the Anthropic SDK against the gateway', () => {
    it.each([
      ['tollgate-fast', '/v1/chat/completions'],
      ['tollgate-claude', '/v1/messages'],
    ])('messages.create via %s (upstream %s)', async (model, upstreamPath) => {
      const msg = await anthropic.messages.create({
        model,
        max_tokens: 256,
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'Hi from Anthropic SDK' }],
      });
      expect(msg.type).toBe('message');
      expect(msg.role).toBe('assistant');
      expect(msg.model).toBe(model);
      const text = msg.content
        .filter((b): b is Anthropic.TextBlock => b.type === 'text')
        .map((b) => b.text)
        .join('');
      expect(text).toContain('Hi from Anthropic SDK');
      expect(msg.stop_reason).toBe('end_turn');
      expect(msg.usage.output_tokens).toBeGreaterThan(0);
      expect(lastUpstreamPath()).toBe(upstreamPath);
    });

    it.each(['tollgate-fast', 'tollgate-claude'])('streams via %s with the full event sequence', async (model) => {
      const stream = anthropic.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content: 'Stream from Anthropic SDK' }] });
      const events: string[] = [];
      stream.on('streamEvent', (e) => events.push(e.type));
      const final = await stream.finalMessage();
      const text = final.content
        .filter((b): b is Anthropic.TextBlock => b.type === 'text')
        .map((b) => b.text)
        .join('');
      expect(text).toContain('Stream from Anthropic SDK');
      expect(events[0]).toBe('message_start');
      expect(events).toEqual(expect.arrayContaining(['content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta']));
      expect(events.at(-1)).toBe('message_stop');
      expect(final.usage.output_tokens).toBeGreaterThan(0);
    });

    it.each(['tollgate-fast', 'tollgate-claude'])('uses tools via %s', async (model) => {
      const msg = await anthropic.messages.create({
        model,
        max_tokens: 256,
        tools: [
          {
            name: 'get_weather',
            description: 'Weather for a city',
            input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        ],
        tool_choice: { type: 'tool', name: 'get_weather' },
        messages: [{ role: 'user', content: 'use tool: weather in Rome' }],
      });
      const use = msg.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
      expect(use.name).toBe('get_weather');
      expect(typeof use.input).toBe('object');
      expect(msg.stop_reason).toBe('tool_use');
    });

    it('raises the SDK error classes, with bodies in Anthropic shape', async () => {
      const bad = new Anthropic({ apiKey: 'sk-tg-not-a-real-key', baseURL: stack.gateway.url, maxRetries: 0 });
      const e401 = await bad.messages.create({ model: 'tollgate-fast', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
      expect(e401).toBeInstanceOf(Anthropic.AuthenticationError);
      expect((e401 as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({
        type: 'error',
        error: { type: 'authentication_error', message: 'Invalid or missing API key.' },
      });
      await expect(anthropic.messages.create({ model: 'nope', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
        Anthropic.NotFoundError,
      );
      const { key } = await admin.createKey(t.tenantId, { label: 'narrow', models: ['tollgate-fast'] });
      const narrow = new Anthropic({ apiKey: key, baseURL: stack.gateway.url, maxRetries: 0 });
      await expect(narrow.messages.create({ model: 'tollgate-claude', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
        Anthropic.PermissionDeniedError,
      );
      await expect(anthropic.messages.create({ model: 'busy', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
        Anthropic.RateLimitError,
      );
      const e400 = await anthropic.messages.create({ model: 'tollgate-fast', messages: [{ role: 'user', content: 'x' }] } as never).catch((e: unknown) => e);
      expect(e400).toBeInstanceOf(Anthropic.BadRequestError);
      // Each bad field is named first, as Anthropic does (`max_tokens: ...`).
      for (const [body, field] of [
        [{ max_tokens: 10, stream: 'yes' }, 'stream: '],
        [{ max_tokens: 0 }, 'max_tokens: '],
        [{ max_tokens: 10, messages: [{ role: 'system', content: 'x' }] }, 'messages.0.role: '],
        // The message says what is wrong, not "Field required" for a field that is there.
        [{ max_tokens: -1 }, 'max_tokens: Input should be greater than or equal to 1'],
        [{ max_tokens: 1.5 }, 'max_tokens: Input should be a valid integer'],
        [{ max_tokens: '10' }, 'max_tokens: Input should be a valid integer'],
        [{ max_tokens: 10, messages: 'hi' }, 'messages: Input should be a valid list'],
        [{ max_tokens: 10, messages: [] }, 'messages: at least one message is required'],
        // Anthropic's own ranges, refused before any upstream (an OpenAI upstream takes temperature 1.5).
        [{ max_tokens: 10, temperature: 1.5 }, 'temperature: Input should be less than or equal to 1'],
        [{ max_tokens: 10, top_p: -0.1 }, 'top_p: Input should be greater than or equal to 0'],
        [{ max_tokens: 10, top_k: -1 }, 'top_k: Input should be greater than or equal to 0'],
        [{ max_tokens: 10, tool_choice: { type: 'tool' } }, 'tool_choice.name: Field required'],
        [{ max_tokens: 10, tool_choice: { type: 'some' } }, 'tool_choice.type: Input tag does not match'],
        [{ max_tokens: 10, stop_sequences: 'END' }, 'stop_sequences: Input should be a valid list'],
      ] as const) {
        const err = await anthropic.messages
          .create({ model: 'tollgate-fast', messages: [{ role: 'user', content: 'x' }], ...body } as never)
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(Anthropic.BadRequestError);
        expect((err as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
          type: 'error',
          error: { type: 'invalid_request_error', message: expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}`)) },
        });
      }
    });

    it('count_tokens checks messages as /v1/messages does: none is a 400, not 0 tokens', async () => {
      const err = await anthropic.messages.countTokens({ model: 'tollgate-fast', messages: [] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.BadRequestError);
      expect((err as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
        error: { type: 'invalid_request_error', message: 'messages: at least one message is required' },
      });
    });

    it('streams raw SSE with event names, a ping after message_start, and message_stop last', async () => {
      const res = await fetch(`${stack.gateway.url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': t.key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'tollgate-fast', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'raw stream' }] }),
      });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const names = [...(await res.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
      expect(names.slice(0, 3)).toEqual(['message_start', 'ping', 'content_block_start']);
      expect(names.slice(-2)).toEqual(['message_delta', 'message_stop']);
    });

    it('answers x-api-key with anthropic-version, as raw HTTP clients send it', async () => {
      const res = await fetch(`${stack.gateway.url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': t.key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'tollgate-claude', max_tokens: 64, messages: [{ role: 'user', content: 'raw' }] }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { type: string }).type).toBe('message');
    });
  });
});
