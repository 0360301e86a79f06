import type Redis from 'ioredis';
import OpenAI from 'openai';
import { REDIS } from '../apps/gateway/src/infra/tokens';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, chat, INVALID_KEY_BODY, tenantWithKey, TenantFixture } from './support/fixtures';
import { AdminClient } from './support/admin-client';
import { gatewayFor, startStack, Stack } from './support/stack';

/** Fail closed "at once": far below a hang, far above the milliseconds it takes (AUTH_TIMEOUT_MS is 800 by default). */
const FAIL_FAST_BOUND_MS = 5_000;

describe('edge errors in OpenAI wire format', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  const base = () => stack.gateway.baseUrl;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env, { gatewayEnv: { BODY_LIMIT_BYTES: String(64 * 1024) } });
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack, { models: ['tollgate-fast', 'tollgate-premium'], keyModels: ['tollgate-fast'] });
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  it.each([
    ['no Authorization header', {}],
    ['a Basic credential', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['Bearer with no token', { authorization: 'Bearer ' }],
    ['a key of another format', { authorization: 'Bearer sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD' }],
    ['a well-formed key nobody issued', { authorization: 'Bearer sk-tg-00000000000000000000000000000000000000' }],
  ])('401 for %s', async (_label, headers) => {
    const res = await chat(base(), null, undefined, headers as Record<string, string>);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(INVALID_KEY_BODY);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('accepts the key in x-api-key as the Anthropic SDK sends it', async () => {
    const res = await chat(base(), null, undefined, { 'x-api-key': t.key });
    expect(res.status).toBe(200);
  });

  it('400 for malformed JSON, in OpenAI shape', async () => {
    const res = await chat(base(), t.key, '{"model": "tollgate-fast", "messages": [');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_request' });
    expect(res.body.error!.message).toContain('could not parse the JSON body');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('400 for a prototype-poisoning body, 415 for one that is not JSON, before it reaches a service', async () => {
    const poisoned = await chat(base(), t.key, '{"model":"tollgate-fast","messages":[{"role":"user","content":"hi"}],"__proto__":{"admin":true}}');
    expect(poisoned.status).toBe(400);
    expect(poisoned.body.error!.message).toContain("a key that is not allowed: '__proto__'");
    const text = await fetch(`${base()}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { error: { message: string } }).error.message).toContain("send 'application/json'");
    // The words themselves are fine inside the conversation.
    const words = await chat(base(), t.key, { model: 'tollgate-fast', messages: [{ role: 'user', content: 'what do __proto__ and constructor mean?' }] });
    expect(words.status).toBe(200);
  });

  it('400 naming the parameter when model or messages are missing', async () => {
    const noModel = await chat(base(), t.key, { messages: [{ role: 'user', content: 'hi' }] });
    expect(noModel.status).toBe(400);
    expect(noModel.body.error).toMatchObject({ type: 'invalid_request_error', param: 'model', message: 'you must provide a model parameter' });
    const noMessages = await chat(base(), t.key, { model: 'tollgate-fast' });
    expect(noMessages.status).toBe(400);
    expect(noMessages.body.error).toMatchObject({ type: 'invalid_request_error', param: 'messages' });
    const notObject = await chat(base(), t.key, '[1,2]');
    expect(notObject.status).toBe(400);
  });

  it('413 for a body over the limit', async () => {
    const res = await chat(base(), t.key, { model: 'tollgate-fast', messages: [{ role: 'user', content: 'x'.repeat(100 * 1024) }] });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'request_too_large' });
  });

  it('404 model_not_found for a model the tenant does not have', async () => {
    const res = await chat(base(), t.key, { model: 'gpt-unknown', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_found', param: 'model' });
  });

  it('403 permission_error for a tenant model outside the key allow-list', async () => {
    const res = await chat(base(), t.key, { model: 'tollgate-premium', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ type: 'permission_error', code: 'model_not_allowed' });
  });

  it('the SDK surfaces the matching error classes', async () => {
    const client = new OpenAI({ apiKey: t.key, baseURL: base(), maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.chat.completions.create({ model: 'tollgate-premium', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      OpenAI.PermissionDeniedError,
    );
    const bad = new OpenAI({ apiKey: 'sk-tg-wrong', baseURL: base(), maxRetries: 0 });
    await expect(bad.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('maps upstream failures: 429 passes through with retry-after, 500 becomes 502', async () => {
    await admin.addModel(t.tenantId, 'flaky', t.providerId, 'mock-error-500');
    await admin.addModel(t.tenantId, 'busy', t.providerId, 'mock-error-429');
    const key = (await admin.createKey(t.tenantId, { label: 'all-models' })).key;
    const flaky = await chat(base(), key, { model: 'flaky', messages: [{ role: 'user', content: 'x' }] });
    expect(flaky.status).toBe(502);
    expect(flaky.body.error).toMatchObject({ type: 'server_error', code: 'upstream_error' });
    const busy = await chat(base(), key, { model: 'busy', messages: [{ role: 'user', content: 'x' }] });
    expect(busy.status).toBe(429);
    expect(busy.headers.get('retry-after')).toBe('1');
  });

  it('unknown paths are 404 in OpenAI shape', async () => {
    const res = await fetch(`${base()}/nothing-here`, { headers: { authorization: `Bearer ${t.key}` } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ type: 'invalid_request_error' });
  });

  it('503 at once while Redis is unreachable, never 200, and serving again once it is back', async () => {
    const gw = await gatewayFor(env);
    const redis = gw.app.get<Redis>(REDIS);
    try {
      expect((await chat(gw.baseUrl, t.key)).status).toBe(200);
      redis.disconnect();
      const started = Date.now();
      const during = await Promise.all(Array.from({ length: 10 }, () => chat(gw.baseUrl, t.key)));
      expect(during.map((r) => r.status)).toEqual(Array(10).fill(503));
      expect(during[0].body.error).toMatchObject({ type: 'service_unavailable', code: 'auth_unavailable' });
      // "At once" against hanging: a command queued for Redis would wait for it forever. The bound is
      // generous for a loaded CI machine (the answers take milliseconds); speed itself is the bench's.
      expect(Date.now() - started).toBeLessThan(FAIL_FAST_BOUND_MS);
      await redis.connect();
      const after = await Promise.all(Array.from({ length: 5 }, () => chat(gw.baseUrl, t.key)));
      expect(after.map((r) => r.status)).toEqual(Array(5).fill(200));
    } finally {
      await gw.close();
    }
  });

  it('503 at once, never 200, when the auth service is down', async () => {
    const gw = await gatewayFor(env);
    const fresh = (await admin.createKey(t.tenantId, { label: 'uncached' })).key;
    await stack.auth.close();
    try {
      const started = Date.now();
      const res = await chat(gw.baseUrl, fresh);
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ type: 'service_unavailable', code: 'auth_unavailable' });
      expect(Date.now() - started).toBeLessThan(FAIL_FAST_BOUND_MS);
    } finally {
      await gw.close();
    }
  });
});
