import { Logger } from '@nestjs/common';
import type { RunningGateway } from '../apps/gateway/src/bootstrap';
import { MAX_JSON_DEPTH } from '../apps/gateway/src/http/json-body';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, chat, tenantWithKey, TenantFixture } from './support/fixtures';
import { gatewayFor, startStack, Stack } from './support/stack';

/** Issue 10, items 3, 4 and 9: deep bodies, what admins may register, deadlines, and the address an upstream is dialed on. */
describe('upstream hardening: body depth, registered names, deadlines, dialed addresses', () => {
  const DEADLINE_MS = 1500;
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let strict: RunningGateway | undefined;

  /** A chat body whose `metadata` nests `depth` arrays deep. */
  const deep = (depth: number, model = 'tollgate-fast') =>
    `{"model":"${model}","max_tokens":16,"messages":[{"role":"user","content":"hi"}],"metadata":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.key}`, ...headers }, body });

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env, { gatewayEnv: { UPSTREAM_DEADLINE_MS: String(DEADLINE_MS) } });
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack);
  });

  afterAll(async () => {
    await strict?.close();
    await stack?.close();
    await env?.drop();
  });

  describe('deep JSON (item 3)', () => {
    it('refuses a body nested 10,000 levels with 400 in each route’s wire format, before any upstream call', async () => {
      stack.mock.reset();
      const hotChat = await post(`${stack.gateway.baseUrl}/chat/completions`, deep(10_000));
      expect(hotChat.status).toBe(400);
      expect(await hotChat.json()).toMatchObject({
        error: { type: 'invalid_request_error', message: expect.stringContaining(`more than ${MAX_JSON_DEPTH} levels`) },
      });

      const messages = await post(`${stack.gateway.baseUrl}/messages`, deep(10_000), { 'anthropic-version': '2023-06-01' });
      expect(messages.status).toBe(400);
      expect(await messages.json()).toMatchObject({
        type: 'error',
        error: { type: 'invalid_request_error', message: expect.stringContaining('nested too deeply') },
      });

      const embeddings = await post(
        `${stack.gateway.baseUrl}/embeddings`,
        `{"model":"tollgate-fast","input":"x","extra":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
      );
      expect(embeddings.status).toBe(400);
      expect(await embeddings.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('nested too deeply') } });

      const adminPort = await fetch(`${stack.gateway.adminUrl}/admin/providers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${env.adminToken}` },
        body: `{"name":"deep","kind":"openai","baseUrl":"http://127.0.0.1:1","extra":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
      });
      expect(adminPort.status).toBe(400);
      expect(stack.mock.requests).toHaveLength(0);
    });

    it('accepts a body at the limit', async () => {
      const res = await post(`${stack.gateway.baseUrl}/chat/completions`, deep(MAX_JSON_DEPTH - 3));
      expect(res.status).toBe(200);
    });

    it('deep bodies never count against the upstream’s circuit: other calls keep their target', async () => {
      for (let i = 0; i < 8; i++) expect((await post(`${stack.gateway.baseUrl}/chat/completions`, deep(10_000))).status).toBe(400);
      const health = await admin.call<{ targets: { target: string; consecutiveFailures: number; state: string }[] }>(
        'gateway',
        'GET',
        '/admin/providers/health',
      );
      for (const target of health.body.targets) expect(target).toMatchObject({ consecutiveFailures: 0, state: 'closed' });
      expect((await chat(stack.gateway.baseUrl, t.key)).status).toBe(200);
    });
  });

  describe('registered names and deadlines (item 4)', () => {
    const register = (body: Record<string, unknown>) =>
      admin.call('gateway', 'POST', `/admin/tenants/${t.tenantId}/models`, { providerId: t.providerId, ...body });

    it.each([
      ['a non-Latin upstream model name', { model: 'ok-name', upstreamModel: 'модель' }],
      ['a line break in the upstream model name', { model: 'ok-name', upstreamModel: 'gpt-4.1\nx-injected: 1' }],
      ['an upstream model name over 256 bytes', { model: 'ok-name', upstreamModel: 'g'.repeat(257) }],
      ['a NUL in the model name', { model: 'bad\u0000name', upstreamModel: 'gpt-4.1' }],
      ['a model name over 256 bytes', { model: 'é'.repeat(129), upstreamModel: 'gpt-4.1' }],
    ])('refuses %s with 400', async (_label, body) => {
      const res = await register(body);
      expect(res.status).toBe(400);
    });

    it('refuses a bad name on the targets route too (model in the path, upstream model in the body)', async () => {
      const inPath = await admin.call('gateway', 'PUT', `/admin/tenants/${t.tenantId}/models/${encodeURIComponent('line\nbreak')}/targets`, {
        targets: [{ providerId: t.providerId, upstreamModel: 'gpt-4.1' }],
      });
      expect(inPath.status).toBe(400);
      const inBody = await admin.call('gateway', 'PUT', `/admin/tenants/${t.tenantId}/models/fine/targets`, {
        targets: [{ providerId: t.providerId, upstreamModel: '模型' }],
      });
      expect(inBody.status).toBe(400);
      const listed = await admin.call<{ model: string }[]>('gateway', 'GET', `/admin/tenants/${t.tenantId}/models`);
      expect(listed.body.map((r) => r.model)).toEqual(['tollgate-fast']);
    });

    it('accepts a Unicode alias for a printable upstream model, and calls to it answer', async () => {
      expect((await register({ model: 'модель-быстрая', upstreamModel: 'gpt-4.1-mini' })).status).toBe(201);
      await admin.priceModel('модель-быстрая');
      const res = await chat(stack.gateway.baseUrl, t.key, { model: 'модель-быстрая', messages: [{ role: 'user', content: 'hi' }] });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-tollgate-model')).toBe('gpt-4.1-mini');
    });

    it('an upstream call past its deadline ends with 504 and a log line', async () => {
      await admin.addModel(t.tenantId, 'slowpoke', t.providerId, 'mock-slow-10000');
      const warn = jest.spyOn(Logger.prototype, 'warn');
      try {
        const started = Date.now();
        const res = await chat(stack.gateway.baseUrl, t.key, { model: 'slowpoke', messages: [{ role: 'user', content: 'hi' }] });
        expect(res.status).toBe(504);
        expect(res.body.error).toMatchObject({ type: 'server_error', code: 'upstream_timeout' });
        expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 3000);
        expect(warn).toHaveBeenCalledWith(
          expect.objectContaining({ upstreamModel: 'mock-slow-10000', deadlineMs: DEADLINE_MS }),
          'upstream call passed its deadline; cut off',
        );
      } finally {
        warn.mockRestore();
      }
    });
  });

  describe('dialed addresses (item 9)', () => {
    it.each([
      'http://[::ffff:169.254.169.254]/v1',
      'http://[::ffff:a9fe:a9fe]/v1',
      'http://[64:ff9b::169.254.169.254]/v1',
      'http://2852039166/v1',
      'http://0251.0376.0251.0376/v1',
      'http://metadata.google.internal./v1',
      'http://100.100.100.200/v1',
      'http://[fe80::1]/v1',
    ])('the admin API refuses %s', async (baseUrl) => {
      const res = await admin.call<{ error: { code: string } }>('gateway', 'POST', '/admin/providers', { name: `p-${Date.now()}`, kind: 'openai', baseUrl });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('forbidden_base_url');
    });

    it('without ALLOW_PRIVATE_UPSTREAMS a gateway refuses a loopback address at connect time, for IP literals and for names that resolve to one', async () => {
      const port = new URL(stack.mock.url).port;
      const byName = await admin.createProvider({ name: `by-name-${Date.now()}`, baseUrl: `http://localhost:${port}/v1`, apiKey: 'sk-upstream-secret' });
      await admin.addModel(t.tenantId, 'via-name', byName.id, 'gpt-4.1-mini');
      // The allowing gateway reaches both (the names were registered there and are fine for it).
      expect((await chat(stack.gateway.baseUrl, t.key, { model: 'via-name', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);

      strict = await gatewayFor(env, { ALLOW_PRIVATE_UPSTREAMS: 'false' });
      stack.mock.reset();
      for (const model of ['tollgate-fast', 'via-name']) {
        const res = await chat(strict.baseUrl, t.key, { model, messages: [{ role: 'user', content: 'hi' }] });
        expect(res.status).toBe(502);
        expect(res.body.error!.message).toContain('address is not allowed');
      }
      expect(stack.mock.requests).toHaveLength(0);
      // And its admin API refuses registering a loopback literal.
      const refused = await fetch(`${strict.adminUrl}/admin/providers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${env.adminToken}` },
        body: JSON.stringify({ name: 'loopback', kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1' }),
      });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('ALLOW_PRIVATE_UPSTREAMS');
    });
  });
});
