import OpenAI from 'openai';
import { Bus } from '@tollgate/messaging';
import type { CatalogChangedEvent } from '@tollgate/contracts';
import { AdminClient } from './support/admin-client';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { adminFor, tenantWithKey, TenantFixture } from './support/fixtures';
import { waitUntil } from './support/billing-stack';
import { startStack, Stack } from './support/stack';

type ErrorBody = { error: { message: string; type: string; param: string | null; code: string } };

describe('catalog: deleting providers', () => {
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
