import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';
import { UsageReader } from './support/usage-reader';

/** The SDK calls customers make besides chat: models.retrieve, Anthropic's models.list/retrieve and messages.countTokens. */
describe('models and token counting through the official SDKs', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let other: TenantFixture;
  let limitedKey: string;
  const models = ['tollgate-fast', 'openai/gpt-4.1-mini', 'zeta-model'];

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack, { models });
    other = await tenantWithKey(admin, stack, { models: ['others-only'] });
    limitedKey = (await admin.createKey(t.tenantId, { label: 'fast-only', models: ['tollgate-fast'] })).key;
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  const openai = (key = t.key) => new OpenAI({ apiKey: key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
  const anthropic = (key = t.key) => new Anthropic({ apiKey: key, baseURL: stack.gateway.url, maxRetries: 0 });

  describe('OpenAI SDK models.retrieve', () => {
    it('returns the model object for a model the key may use, slashes included', async () => {
      for (const id of ['tollgate-fast', 'openai/gpt-4.1-mini']) {
        const model = await openai().models.retrieve(id);
        expect(model).toEqual({ id, object: 'model', created: expect.any(Number), owned_by: 'tollgate' });
        expect(model.created).toBeLessThanOrEqual(Date.now() / 1000);
      }
    });

    it.each([
      ['a model nobody registered', () => openai().models.retrieve('gpt-unknown')],
      ['another tenant’s model', () => openai().models.retrieve('others-only')],
      ['a tenant model outside the key’s allow-list', () => openai(limitedKey).models.retrieve('zeta-model')],
    ])('404 model_not_found for %s', async (_label, call) => {
      const err = (await call().catch((e: unknown) => e)) as InstanceType<typeof OpenAI.NotFoundError>;
      expect(err).toBeInstanceOf(OpenAI.NotFoundError);
      expect(err.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_found', param: 'model' });
    });

    it('needs the models:read scope', async () => {
      const key = (await admin.createKey(t.tenantId, { label: 'chat-only', scopes: ['chat:write'] })).key;
      await expect(openai(key).models.retrieve('tollgate-fast')).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    });
  });

  describe('Anthropic SDK models.list and models.retrieve', () => {
    it('lists the key’s models in Anthropic’s shape', async () => {
      const page = await anthropic().models.list();
      expect(page.data.map((m) => m.id)).toEqual([...models].sort());
      for (const m of page.data) expect(m).toEqual({ type: 'model', id: m.id, display_name: m.id, created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      expect(page.has_more).toBe(false);
      expect(page.first_id).toBe(page.data[0].id);
      expect(page.last_id).toBe(page.data.at(-1)!.id);
    });

    it('pages with limit and after_id, and the SDK walks every page', async () => {
      const first = await anthropic().models.list({ limit: 2 });
      expect(first.data).toHaveLength(2);
      expect(first.has_more).toBe(true);
      const seen: string[] = [];
      for await (const m of anthropic().models.list({ limit: 1 })) seen.push(m.id);
      expect(seen).toEqual([...models].sort());
    });

    it('only the models the key may use; OpenAI clients still get OpenAI’s shape', async () => {
      const page = await anthropic(limitedKey).models.list();
      expect(page.data.map((m) => m.id)).toEqual(['tollgate-fast']);
      const list = await openai().models.list();
      expect(list.data[0]).toMatchObject({ object: 'model', owned_by: 'tollgate' });
    });

    it('retrieves one model, and 404 in Anthropic’s shape for one the key may not use', async () => {
      expect(await anthropic().models.retrieve('openai/gpt-4.1-mini')).toEqual({
        type: 'model',
        id: 'openai/gpt-4.1-mini',
        display_name: 'openai/gpt-4.1-mini',
        created_at: expect.any(String),
      });
      const err = (await anthropic(limitedKey)
        .models.retrieve('zeta-model')
        .catch((e: unknown) => e)) as InstanceType<typeof Anthropic.NotFoundError>;
      expect(err).toBeInstanceOf(Anthropic.NotFoundError);
      expect(err.error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    });
  });

  describe('Anthropic SDK messages.countTokens', () => {
    const request = (text: string) => ({ model: 'tollgate-fast', messages: [{ role: 'user' as const, content: text }] });

    it('estimates input tokens, growing with the prompt, system and tools', async () => {
      const short = await anthropic().messages.countTokens(request('Hello'));
      const long = await anthropic().messages.countTokens({
        ...request('Hello '.repeat(200)),
        system: 'You are terse.',
        tools: [{ name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      });
      expect(short).toEqual({ input_tokens: expect.any(Number) });
      expect(short.input_tokens).toBeGreaterThan(0);
      expect(long.input_tokens).toBeGreaterThan(300);
    });

    it('is never sent upstream nor metered', async () => {
      stack.mock.reset();
      const reader = await UsageReader.open(env);
      try {
        const counted = await anthropic().messages.countTokens(request('count me')).withResponse();
        const countId = counted.response.headers.get('x-request-id');
        expect(countId).toMatch(/^req_/);
        expect(stack.mock.requests).toHaveLength(0);
        // A metered call made after it: once its event is stored, an event for the count would be too.
        const chat = await anthropic()
          .messages.create({ ...request('metered'), max_tokens: 16 })
          .withResponse();
        const chatId = chat.response.headers.get('x-request-id')!;
        await reader.waitFor(chatId);
        const mine = (await reader.all()).filter((e) => e.event.tenantId === t.tenantId).map((e) => e.event.requestId);
        expect(mine).toEqual([chatId]);
      } finally {
        await reader.close();
      }
    });

    it('needs chat:write and a model the key may use, errors in Anthropic’s shape', async () => {
      const reader = (await admin.createKey(t.tenantId, { label: 'reader', scopes: ['models:read'] })).key;
      await expect(anthropic(reader).messages.countTokens(request('hi'))).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
      await expect(anthropic(limitedKey).messages.countTokens({ ...request('hi'), model: 'zeta-model' })).rejects.toBeInstanceOf(
        Anthropic.PermissionDeniedError,
      );
      const missing = (await anthropic()
        .messages.countTokens({ ...request('hi'), model: 'nope' })
        .catch((e: unknown) => e)) as InstanceType<typeof Anthropic.NotFoundError>;
      expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
      expect(missing.error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
      const bad = (await anthropic()
        .messages.countTokens({ model: 'tollgate-fast' } as never)
        .catch((e: unknown) => e)) as InstanceType<typeof Anthropic.BadRequestError>;
      expect(bad).toBeInstanceOf(Anthropic.BadRequestError);
      expect(bad.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('messages') } });
    });

    it('refuses another tenant’s model as not found', async () => {
      await expect(anthropic(other.key).messages.countTokens(request('hi'))).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    });
  });
});
