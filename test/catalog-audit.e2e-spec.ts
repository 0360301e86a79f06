import { Client } from 'pg';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor } from './support/fixtures';
import { uniqueEmail } from './support/portal';
import { startStack, Stack } from './support/stack';

const PASSWORD = 'copper-meadow-lantern-58';
const CREDENTIAL = 'sk-audit-never-shown-7f3c9a2b41d8e6';

type AuditEvent = { id: string; at: string; actor: string; action: string; tenantId: string | null; target: string; details: Record<string, unknown> };
type AuditPage = { data: AuditEvent[]; nextBefore: string | null };

/** Catalog changes (providers with upstream credentials, routes, targets) are audited with the admin who made them. */
describe('catalog audit: GET /admin/audit on the gateway admin port', () => {
  let env: TestEnv;
  let stack: Stack;
  let bootstrap: AdminClient;
  let ops: AdminClient;
  let email: string;
  let tenantId: string;
  let providerId: string;
  let db: Client;

  const audit = (admin: AdminClient, query = '') => admin.call<AuditPage>('gateway', 'GET', `/admin/audit${query}`);

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    bootstrap = adminFor(env, stack);
    email = uniqueEmail('catalog-ops').toLowerCase();
    expect((await bootstrap.call('auth', 'POST', '/admin/admins', { email, password: PASSWORD })).status).toBe(201);
    const signIn = await bootstrap.withToken('').call<{ token: string }>('auth', 'POST', '/admin/session', { email, password: PASSWORD });
    expect(signIn.status).toBe(201);
    ops = bootstrap.withToken(signIn.body.token);
    tenantId = (await bootstrap.createTenant('audited')).id;
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stack?.close();
    await env?.drop();
  });

  it("records each change by a per-person admin with the admin's actor, the tenant and the target, newest first", async () => {
    const created = await ops.call<{ id: string }>('gateway', 'POST', '/admin/providers', {
      name: `audited-${Date.now()}`,
      kind: 'openai',
      baseUrl: stack.mock.url,
      apiKey: CREDENTIAL,
    });
    expect(created.status).toBe(201);
    providerId = created.body.id;
    expect((await ops.call('gateway', 'PUT', `/admin/tenants/${tenantId}/models`, { model: 'm-audit', providerId, upstreamModel: 'up-one' })).status).toBe(200);
    const targets = [
      { providerId, upstreamModel: 'up-two', priority: 0, weight: 3 },
      { providerId, upstreamModel: 'up-three', priority: 1 },
    ];
    expect((await ops.call('gateway', 'PUT', `/admin/tenants/${tenantId}/models/m-audit/targets`, { targets })).status).toBe(200);
    expect((await ops.call('gateway', 'DELETE', `/admin/tenants/${tenantId}/models/m-audit`)).status).toBe(204);
    expect((await ops.call('gateway', 'DELETE', `/admin/providers/${providerId}`)).status).toBe(204);

    const all = await audit(bootstrap);
    expect(all.status).toBe(200);
    const mine = all.body.data.filter((e) => e.actor === `admin:${email}`);
    expect(mine.map((e) => [e.action, e.tenantId, e.target])).toEqual([
      ['provider.deleted', null, providerId],
      ['route.deleted', tenantId, 'm-audit'],
      ['targets.put', tenantId, 'm-audit'],
      ['route.put', tenantId, 'm-audit'],
      ['provider.created', null, providerId],
    ]);
    const [deleted, routeDeleted, targetsPut, routePut, providerCreated] = mine;
    expect(providerCreated.details).toMatchObject({ kind: 'openai', baseUrl: stack.mock.url, credentialSet: true });
    expect(deleted.details).toMatchObject({ credentialSet: true });
    expect(routePut.details).toMatchObject({ targets: [{ providerId, upstreamModel: 'up-one' }], previousTargets: null });
    expect(targetsPut.details).toMatchObject({
      targets: [
        { providerId, upstreamModel: 'up-two', priority: 0, weight: 3 },
        { providerId, upstreamModel: 'up-three', priority: 1, weight: 1 },
      ],
      previousTargets: [{ upstreamModel: 'up-one' }],
    });
    expect(routeDeleted.details).toMatchObject({ previousTargets: [{ upstreamModel: 'up-two' }, { upstreamModel: 'up-three' }] });

    // A tenant's view has its route changes only.
    const tenantOnly = await audit(bootstrap, `?tenant_id=${tenantId}`);
    expect(tenantOnly.body.data.map((e) => e.action)).toEqual(['route.deleted', 'targets.put', 'route.put']);
  });

  it('never holds the upstream credential: not in the API answer, not in any stored row', async () => {
    const answer = JSON.stringify((await audit(bootstrap, '?limit=500')).body);
    expect(answer).toContain(providerId);
    expect(answer).not.toContain(CREDENTIAL);
    expect(answer).not.toContain(CREDENTIAL.slice(3, 20));
    const { rows } = await db.query<{ line: string }>('SELECT e::text AS line FROM gateway.catalog_audit_events e');
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const { line } of rows) expect(line).not.toContain(CREDENTIAL.slice(3, 20));
  });

  it("records the bootstrap token's changes as `admin`", async () => {
    const p = await bootstrap.createProvider({ name: `boot-${Date.now()}`, baseUrl: stack.mock.url });
    await bootstrap.call('gateway', 'PUT', `/admin/tenants/${tenantId}/models`, { model: 'm-boot', providerId: p.id, upstreamModel: 'up' });
    const latest = (await audit(bootstrap, '?limit=2')).body.data;
    expect(latest.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['admin', 'route.put', 'm-boot'],
      ['admin', 'provider.created', p.id],
    ]);
    expect(latest[1].details).toMatchObject({ credentialSet: false });
  });

  it('pages newest first with nextBefore; refuses malformed queries and callers without a token', async () => {
    const first = await audit(bootstrap, '?limit=3');
    expect(first.body.data).toHaveLength(3);
    expect(first.body.nextBefore).toBe(first.body.data[2].id);
    const rest = await audit(bootstrap, `?limit=500&before=${first.body.nextBefore}`);
    const whole = (await audit(bootstrap, '?limit=500')).body.data;
    expect([...first.body.data, ...rest.body.data].map((e) => e.id)).toEqual(whole.map((e) => e.id));
    expect(rest.body.nextBefore).toBeNull();

    for (const q of ['?limit=0', '?limit=501', '?limit=ten', '?tenant_id=nope', '?before=yesterday']) {
      const res = await audit(bootstrap, q);
      expect([q, res.status]).toEqual([q, 400]);
    }
    expect((await audit(bootstrap.withToken(''))).status).toBe(401);
  });

  it('is in the admin OpenAPI document with its query parameters and answer', async () => {
    type Doc = {
      paths: Record<
        string,
        { get?: { parameters: { name: string }[]; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> } }
      >;
    };
    const doc = (await (await fetch(`${stack.gateway.adminUrl}/api/docs-json`)).json()) as Doc;
    const op = doc.paths['/admin/audit']?.get;
    expect(op?.parameters.map((p) => p.name).sort()).toEqual(['before', 'limit', 'tenant_id']);
    expect(op?.responses['200'].content?.['application/json'].schema.$ref).toMatch(/CatalogAuditPage/);
  });
});
