import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, chat } from './support/fixtures';
import { startStack, Stack } from './support/stack';

/**
 * Provider policy (issue 15): two providers on the stack's mock upstream, told apart by name
 * (`x-tollgate-provider`) and by the upstream model each target asks the mock for.
 * Model `smart`: primary on A (which answers 500), fallback on B. Model `plain`: A first, B second, both healthy.
 */
describe('provider policy per key and per tenant', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  const suffix = Date.now().toString(36);
  const A = `prov-a-${suffix}`;
  const B = `prov-b-${suffix}`;
  const C = `prov-c-${suffix}`;
  let providerIds: Record<string, string>;

  const upstreamModels = () => stack.mock.requests.map((r) => (r.body as { model: string }).model);
  const ask = (baseUrl: string, key: string, model = 'smart') => chat(baseUrl, key, { model, messages: [{ role: 'user', content: 'hi' }] });

  /** A funded tenant whose `smart` and `plain` routes span providers A and B. */
  const tenant = async (name: string): Promise<string> => {
    const tenantId = (await admin.createTenant(name)).id;
    await admin.credit(tenantId, 1_000_000_000);
    const route = (model: string, targets: unknown[]) => admin.call('gateway', 'PUT', `/admin/tenants/${tenantId}/models/${model}/targets`, { targets });
    expect(
      (
        await route('smart', [
          { providerId: providerIds[A], upstreamModel: 'mock-error-500' },
          { providerId: providerIds[B], upstreamModel: 'b-smart', priority: 1 },
        ])
      ).status,
    ).toBe(200);
    expect(
      (
        await route('plain', [
          { providerId: providerIds[A], upstreamModel: 'a-plain' },
          { providerId: providerIds[B], upstreamModel: 'b-plain', priority: 1 },
        ])
      ).status,
    ).toBe(200);
    await admin.priceModel('smart');
    await admin.priceModel('plain');
    return tenantId;
  };
  const key = async (tenantId: string, providers?: string[], scopes?: string[]) => {
    const res = await admin.call<{ id: string; key: string; providers: string[] }>('auth', 'POST', `/admin/tenants/${tenantId}/keys`, {
      label: 'policy',
      ...(providers ? { providers } : {}),
      ...(scopes ? { scopes } : {}),
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const tenantPolicy = (tenantId: string, providers: string[]) =>
    admin.call<{ providers: string[] }>('auth', 'PUT', `/admin/tenants/${tenantId}/provider-policy`, { providers });

  beforeAll(async () => {
    env = await createTestEnv();
    // A principal stays cached far longer than any test: only the change events can refresh it.
    stack = await startStack(env, { gateways: 2, gatewayEnv: { PRINCIPAL_CACHE_TTL_MS: '600000' } });
    admin = adminFor(env, stack);
    providerIds = {};
    for (const name of [A, B, C]) providerIds[name] = (await admin.createProvider({ name, baseUrl: stack.mock.url, apiKey: 'sk-upstream-secret' })).id;
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  describe('one tenant without a policy', () => {
    let tenantId: string;
    beforeAll(async () => {
      tenantId = await tenant('no tenant policy');
    });

    it('a key without a policy falls back from A to B (the route as it is)', async () => {
      const open = await key(tenantId);
      stack.mock.reset();
      const res = await ask(stack.gateway.baseUrl, open.key);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-tollgate-provider')).toBe(B);
      expect(upstreamModels()).toEqual(['mock-error-500', 'b-smart']);
    });

    it('a key allowed only B is served by B directly: A is never called', async () => {
      const onlyB = await key(tenantId, [B]);
      expect(onlyB.providers).toEqual([B]);
      stack.mock.reset();
      for (const model of ['smart', 'plain']) {
        const res = await ask(stack.gateway.baseUrl, onlyB.key, model);
        expect(res.status).toBe(200);
        expect(res.headers.get('x-tollgate-provider')).toBe(B);
      }
      expect(upstreamModels()).toEqual(['b-smart', 'b-plain']);
    });

    it('a key allowed only A gets no fallback to B: when A fails, the call fails', async () => {
      const onlyA = await key(tenantId, [A]);
      stack.mock.reset();
      const res = await ask(stack.gateway.baseUrl, onlyA.key);
      expect(res.status).toBe(502);
      expect(res.body.error?.code).toBe('upstream_error');
      expect(upstreamModels()).toEqual(['mock-error-500']);
      const plain = await ask(stack.gateway.baseUrl, onlyA.key, 'plain');
      expect(plain.headers.get('x-tollgate-provider')).toBe(A);
    });

    it('a key allowed only C (no target) gets 403 provider_not_allowed in OpenAI shape, through the openai SDK', async () => {
      const onlyC = await key(tenantId, [C]);
      const client = new OpenAI({ apiKey: onlyC.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
      stack.mock.reset();
      const message = `This API key may only use providers: ${C}; no target of model 'smart' is served by them.`;
      const err = await client.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect((err as InstanceType<typeof OpenAI.APIError>).error).toEqual({ message, type: 'permission_error', param: 'model', code: 'provider_not_allowed' });
      const emb = await client.embeddings.create({ model: 'plain', input: 'x' }).catch((e: unknown) => e);
      expect(emb).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect((emb as InstanceType<typeof OpenAI.APIError>).code).toBe('provider_not_allowed');
      expect(upstreamModels()).toEqual([]);
      // Listings leave out what the key could not call.
      expect((await client.models.list()).data.map((m) => m.id)).toEqual([]);
      const meModels = await fetch(`${stack.gateway.url}/me/models`, { headers: { authorization: `Bearer ${onlyC.key}` } });
      expect(((await meModels.json()) as { data: unknown[] }).data).toEqual([]);
      const onlyB = new OpenAI({ apiKey: (await key(tenantId, [B])).key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
      expect((await onlyB.models.list()).data.map((m) => m.id).sort()).toEqual(['plain', 'smart']);
    });

    it('the same key gets 403 in Anthropic shape on /v1/messages, through @anthropic-ai/sdk', async () => {
      const onlyC = await key(tenantId, [C]);
      const anthropic = new Anthropic({ apiKey: onlyC.key, baseURL: stack.gateway.url, maxRetries: 0 });
      const err = await anthropic.messages.create({ model: 'smart', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.PermissionDeniedError);
      expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
        type: 'error',
        error: { type: 'permission_error', message: `This API key may only use providers: ${C}; no target of model 'smart' is served by them.` },
      });
    });
  });

  describe('a tenant policy', () => {
    it('intersects with the key policy', async () => {
      const tenantId = await tenant('tenant policy B');
      expect((await tenantPolicy(tenantId, [B])).body.providers).toEqual([B]);
      const open = await key(tenantId);
      const both = await key(tenantId, [A, B]);
      const onlyA = await key(tenantId, [A]);
      stack.mock.reset();
      for (const k of [open, both]) {
        const res = await ask(stack.gateway.baseUrl, k.key);
        expect(res.headers.get('x-tollgate-provider')).toBe(B);
      }
      expect(upstreamModels()).toEqual(['b-smart', 'b-smart']);
      const none = await ask(stack.gateway.baseUrl, onlyA.key, 'plain');
      expect(none.status).toBe(403);
      expect(none.body.error).toMatchObject({ code: 'provider_not_allowed', type: 'permission_error' });
      expect(none.body.error?.message).toContain('none in common');
      expect(upstreamModels()).toEqual(['b-smart', 'b-smart']);
    });
  });

  describe('/me/keys', () => {
    it('creates keys only within the caller policy, and lists providers', async () => {
      const tenantId = await tenant('self-service');
      const manager = await key(tenantId, [B], ['keys:manage', 'chat:write']);
      const me = async (method: string, body?: unknown) => {
        const res = await fetch(`${stack.gateway.url}/me/keys`, {
          method,
          headers: { authorization: `Bearer ${manager.key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        return { status: res.status, body: (await res.json()) as Record<string, any> };
      };
      const outside = await me('POST', { label: 'sneaky', providers: [A] });
      expect(outside.status).toBe(403);
      expect(outside.body.error).toMatchObject({ type: 'permission_error', param: 'providers' });
      expect(outside.body.error.message).toContain(`'${A}'`);
      const inherited = await me('POST', { label: 'inherits' });
      expect(inherited.status).toBe(201);
      expect(inherited.body.providers).toEqual([B]);
      const listed = await me('GET');
      expect(listed.body.data.map((k: { providers: string[] }) => k.providers)).toEqual([[B], [B]]);
      const res = await ask(stack.gateway.baseUrl, inherited.body.key);
      expect(res.headers.get('x-tollgate-provider')).toBe(B);
    });
  });

  describe('a policy change', () => {
    const providersOnBoth = async (k: string) =>
      (await Promise.all(stack.gateways.map((g) => ask(g.baseUrl, k, 'plain')))).map((r) => r.headers.get('x-tollgate-provider') ?? r.body.error?.code);

    it('reaches every gateway that had the principal cached, on the next call', async () => {
      const tenantId = await tenant('live changes');
      const k = await key(tenantId);
      expect(await providersOnBoth(k.key)).toEqual([A, A]);

      expect((await admin.call('auth', 'PUT', `/admin/keys/${k.id}/provider-policy`, { providers: [B] })).status).toBe(200);
      expect(
        await eventually(
          () => providersOnBoth(k.key),
          (r) => r.every((p) => p === B),
        ),
      ).toEqual([B, B]);
      expect((await admin.listKeys(tenantId)).find((x) => x.id === k.id)).toMatchObject({ providers: [B] });

      // Tenant-level: every cached principal of the tenant is dropped.
      expect((await tenantPolicy(tenantId, [A])).status).toBe(200);
      expect(
        await eventually(
          () => providersOnBoth(k.key),
          (r) => r.every((p) => p === 'provider_not_allowed'),
        ),
      ).toEqual(['provider_not_allowed', 'provider_not_allowed']);

      expect((await tenantPolicy(tenantId, [])).status).toBe(200);
      expect(
        await eventually(
          () => providersOnBoth(k.key),
          (r) => r.every((p) => p === B),
        ),
      ).toEqual([B, B]);
    });
  });
});
