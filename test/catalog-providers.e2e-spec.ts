import OpenAI from 'openai';
import { Bus } from '@tollgate/messaging';
import type { CatalogChangedEvent } from '@tollgate/contracts';
import { startMockUpstream } from '../apps/mock-upstream/src/mock-upstream';
import { AdminClient } from './support/admin-client';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { adminFor, tenantWithKey, TenantFixture } from './support/fixtures';
import { waitUntil } from './support/billing-stack';
import { eventually } from './support/eventually';
import { startStack, Stack } from './support/stack';

type ErrorBody = { error: { message: string; type: string; param: string | null; code: string } };
type ProviderBody = { id: string; name: string; baseUrl: string; hasApiKey: boolean };
type AuditBody = { data: { action: string; target: string; details: Record<string, unknown> }[] };

describe('catalog: moving and deleting providers', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let bus: Bus;
  const announced: CatalogChangedEvent[] = [];

  const providerIds = async () => (await admin.call<{ id: string }[]>('gateway', 'GET', '/admin/providers')).body.map((p) => p.id);

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env, { gateways: 2 });
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack);
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-catalog-listener' });
    bus.subscribe(
      'catalogChanged',
      (e) => announced.push(e),
      () => undefined,
    );
    await bus.nc.flush();
  });

  afterAll(async () => {
    await bus?.close();
    await stack?.close();
    await env?.drop();
  });

  /** true when a chat call through `gatewayUrl` is answered by `mock` (each call says something only it says), else what happened. */
  const reaches = async (gatewayUrl: string, mock: { requests: { body: unknown }[] }, model: string) => {
    const said = `where are you ${Math.random()}`;
    const client = new OpenAI({ apiKey: t.key, baseURL: gatewayUrl, maxRetries: 0 });
    const reply = await client.chat.completions.create({ model, messages: [{ role: 'user', content: said }] }).catch((err: Error) => err);
    if (reply instanceof Error) return `the call failed: ${reply.message}`;
    return JSON.stringify(mock.requests.map((r) => r.body)).includes(said) ? true : 'the call went elsewhere';
  };

  it('PATCH moves a provider to another base URL: its routes reach the new upstream on every gateway, and the move is audited', async () => {
    const old = await startMockUpstream({ apiKey: 'sk-upstream-secret' });
    try {
      const movable = await admin.createProvider({ name: 'movable', baseUrl: old.url, apiKey: 'sk-upstream-secret' });
      await admin.addModel(t.tenantId, 'on-movable', movable.id, 'gpt-4.1-mini');
      for (const g of stack.gateways)
        expect(
          await eventually(
            () => reaches(g.baseUrl, old, 'on-movable'),
            (r) => r === true,
          ),
        ).toBe(true);

      const res = await admin.call<ProviderBody>('gateway', 'PATCH', `/admin/providers/${movable.id}`, { baseUrl: `${stack.mock.url}/` });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: movable.id, name: 'movable', baseUrl: stack.mock.url, hasApiKey: true });
      const listed = await admin.call<ProviderBody[]>('gateway', 'GET', '/admin/providers');
      expect(listed.body.find((p) => p.id === movable.id)?.baseUrl).toBe(stack.mock.url);

      // The gateway that took the write serves the new URL at once; the others once the change event reaches them.
      expect(await reaches(stack.gateway.baseUrl, stack.mock, 'on-movable')).toBe(true);
      for (const g of stack.gateways)
        expect(
          await eventually(
            () => reaches(g.baseUrl, stack.mock, 'on-movable'),
            (r) => r === true,
          ),
        ).toBe(true);
      await old.close(); // nothing calls the old address any more
      for (const g of stack.gateways) expect(await reaches(g.baseUrl, stack.mock, 'on-movable')).toBe(true);

      const audit = await admin.call<AuditBody>('gateway', 'GET', '/admin/audit?limit=20');
      const moved = audit.body.data.find((e) => e.action === 'provider.updated' && e.target === movable.id);
      expect(moved?.details).toEqual({ name: 'movable', kind: 'openai', baseUrl: stack.mock.url, credentialSet: true, previousBaseUrl: old.url });
    } finally {
      await old.close();
    }
  });

  it('PATCH refuses what creation refuses (400, provider unchanged), 404 for an id that is no provider, 401 without the admin token', async () => {
    const path = `/admin/providers/${t.providerId}`;
    const baseUrlOf = async () => (await admin.call<ProviderBody[]>('gateway', 'GET', '/admin/providers')).body.find((p) => p.id === t.providerId)?.baseUrl;
    const before = await baseUrlOf();
    for (const baseUrl of ['http://169.254.169.254/v1', 'http://metadata.google.internal/v1', 'ftp://example.com/v1', 'http://user:pw@example.com/v1']) {
      const refused = await admin.call<ErrorBody>('gateway', 'PATCH', path, { baseUrl });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'forbidden_base_url', param: 'baseUrl' });
    }
    for (const body of [{}, { baseUrl: '' }, { baseUrl: stack.mock.url, name: 'renamed' }, { baseUrl: stack.mock.url, apiKey: 'sk-other' }]) {
      expect((await admin.call<ErrorBody>('gateway', 'PATCH', path, body)).status).toBe(400);
    }
    expect(await baseUrlOf()).toBe(before);

    const unknown = await admin.call<ErrorBody>('gateway', 'PATCH', '/admin/providers/00000000-0000-4000-8000-000000000000', { baseUrl: stack.mock.url });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('provider_not_found');
    expect((await admin.call('gateway', 'PATCH', '/admin/providers/not-a-uuid', { baseUrl: stack.mock.url })).status).toBe(404);
    const anonymous = await fetch(`${stack.gateway.adminUrl}${path}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ baseUrl: 'http://127.0.0.1:1/v1' }),
    });
    expect(anonymous.status).toBe(401);
    expect(await baseUrlOf()).toBe(before);
  });

  it('deletes a provider no route uses: 204, gone from the list, announced to every gateway, then 404', async () => {
    const spare = await admin.createProvider({ name: 'spare', baseUrl: stack.mock.url, apiKey: 'sk-upstream-secret' });
    expect(await providerIds()).toContain(spare.id);
    const before = announced.length;

    const res = await admin.call('gateway', 'DELETE', `/admin/providers/${spare.id}`);
    expect(res.status).toBe(204);
    expect(await providerIds()).not.toContain(spare.id);
    await waitUntil(async () => announced.length > before, 5000, 'catalog change announced');

    const again = await admin.call<ErrorBody>('gateway', 'DELETE', `/admin/providers/${spare.id}`);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('provider_not_found');
    // A route can no longer name it.
    const route = await admin.call<ErrorBody>('gateway', 'POST', `/admin/tenants/${t.tenantId}/models`, {
      model: 'on-spare',
      providerId: spare.id,
      upstreamModel: 'gpt-4.1',
    });
    expect(route.status).toBe(404);
    expect(route.body.error.code).toBe('provider_not_found');
  });

  it('refuses with 409 while a route targets the provider (naming it), and deletes it once the route is gone', async () => {
    const shared = await admin.createProvider({ name: 'shared', baseUrl: stack.mock.url, apiKey: 'sk-upstream-secret' });
    // A fallback target (second priority) counts as a use as much as a primary one.
    const put = await admin.call('gateway', 'PUT', `/admin/tenants/${t.tenantId}/models/with-fallback/targets`, {
      targets: [
        { providerId: t.providerId, upstreamModel: 'gpt-4.1-mini' },
        { providerId: shared.id, upstreamModel: 'gpt-4.1', priority: 1 },
      ],
    });
    expect(put.status).toBe(200);
    await admin.priceModel('with-fallback');

    const refused = await admin.call<ErrorBody>('gateway', 'DELETE', `/admin/providers/${shared.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ type: 'invalid_request_error', code: 'conflict' });
    expect(refused.body.error.message).toContain(`${t.tenantId}/with-fallback`);
    expect(await providerIds()).toContain(shared.id);

    // The route still serves through every gateway.
    for (const g of stack.gateways) {
      const client = new OpenAI({ apiKey: t.key, baseURL: g.baseUrl, maxRetries: 0 });
      const reply = await client.chat.completions.create({ model: 'with-fallback', messages: [{ role: 'user', content: 'hi' }] });
      expect(reply.choices[0].message.content).toContain('hi');
    }

    expect((await admin.call('gateway', 'DELETE', `/admin/tenants/${t.tenantId}/models/with-fallback`)).status).toBe(204);
    expect((await admin.call('gateway', 'DELETE', `/admin/providers/${shared.id}`)).status).toBe(204);
    expect(await providerIds()).not.toContain(shared.id);
  });

  it('404 for an id that is no provider, 401 without the admin token', async () => {
    const unknown = await admin.call<ErrorBody>('gateway', 'DELETE', '/admin/providers/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('provider_not_found');
    expect((await admin.call('gateway', 'DELETE', '/admin/providers/not-a-uuid')).status).toBe(404);
    const anonymous = await fetch(`${stack.gateway.adminUrl}/admin/providers/${t.providerId}`, { method: 'DELETE' });
    expect(anonymous.status).toBe(401);
    expect(await providerIds()).toContain(t.providerId);
  });
});
