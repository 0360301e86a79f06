import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

/**
 * One rule for prototype-poisoning keys on every route: `__proto__` (and `constructor.prototype`)
 * as an object key is refused with 400, however it is spelled (JSON's \u escapes included),
 * before any service sees the body, in the route's own error shape.
 */
describe('prototype-poisoning keys: one rule on every route', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack, { models: ['tollgate-fast'] });
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  const post = async (path: string, body: string) => {
    const res = await fetch(`${stack.gateway.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.key}`, 'anthropic-version': '2023-06-01' },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const chat = (extra: string) => `{"model":"tollgate-fast","messages":[{"role":"user","content":"hi"}],${extra}}`;
  const messages = (extra: string) => `{"model":"tollgate-fast","max_tokens":16,"messages":[{"role":"user","content":"hi"}],${extra}}`;
  const embeddings = (extra: string) => `{"model":"tollgate-fast","input":"hi",${extra}}`;
  const routes: [string, string, (extra: string) => string, 'openai' | 'anthropic'][] = [
    ['chat completions', '/v1/chat/completions', chat, 'openai'],
    ['messages', '/v1/messages', messages, 'anthropic'],
    ['count_tokens', '/v1/messages/count_tokens', messages, 'anthropic'],
    ['embeddings', '/v1/embeddings', embeddings, 'openai'],
    ['/me/keys', '/me/keys', (extra) => `{"label":"x",${extra}}`, 'openai'],
  ];
  const spellings: [string, string][] = [
    ['plain __proto__', '"__proto__":{"admin":true}'],
    ['__proto__ with a \\u escape', '"\\u005f_proto__":{"admin":true}'],
    ['__proto__ escaped throughout', '"\\u005F\\u005F\\u0070\\u0072\\u006F\\u0074\\u006F\\u005F\\u005F":{"admin":true}'],
    ['nested escaped __proto__', '"metadata":{"_\\u005fproto__":{"admin":true}}'],
    ['escaped constructor.prototype', '"\\u0063onstructor":{"prototype":{"admin":true}}'],
  ];

  describe.each(routes)('%s', (_name, path, body, shape) => {
    it.each(spellings)('refuses %s with 400 before any upstream call', async (_label, key) => {
      stack.mock.reset();
      const res = await post(path, body(key));
      expect(res.status).toBe(400);
      if (shape === 'anthropic') {
        expect(res.body).toMatchObject({
          type: 'error',
          error: { type: 'invalid_request_error', message: expect.stringContaining("a key that is not allowed: '__proto__'") },
        });
      } else {
        expect(res.body).toMatchObject({
          error: { type: 'invalid_request_error', code: 'invalid_request', message: expect.stringContaining("a key that is not allowed: '__proto__'") },
        });
      }
      expect(stack.mock.requests).toHaveLength(0);
    });
  });

  it('accepts escapes and the words themselves where they are only text', async () => {
    const res = await post('/v1/chat/completions', chat('"user":"\\u005f_proto__ and \\u0063onstructor"'));
    expect(res.status).toBe(200);
    const tokens = await post('/v1/messages/count_tokens', messages('"system":"\\u005f_proto__"'));
    expect(tokens.status).toBe(200);
  });
});
