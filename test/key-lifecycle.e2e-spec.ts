import { connect, NatsConnection } from 'nats';
import { Client } from 'pg';
import { Subjects } from '@tollgate/contracts';
import { AdminClient } from './support/admin-client';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, chat, INVALID_KEY_BODY, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

// Two gateways, auth and billing start in beforeAll: more than the default 30 s on a loaded machine.
jest.setTimeout(90_000);

describe('API key lifecycle', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let spy: NatsConnection;
  let verifyRequests = 0;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env, { gateways: 2 });
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack);
    spy = await connect({ servers: NATS_URL });
    spy.subscribe(`${env.natsPrefix}.${Subjects.keysVerify}`, { callback: () => verifyRequests++ });
    await spy.flush();
  });

  afterAll(async () => {
    await spy?.close();
    await stack?.close();
    await env?.drop();
  });

  const [gw1, gw2] = [() => stack.gateways[0].baseUrl, () => stack.gateways[1].baseUrl];

  it('shows the key once: create returns it, listings only mask it', async () => {
    const created = await admin.createKey(t.tenantId, { label: 'ci-pipeline', scopes: ['chat:write'] });
    expect(created.key).toMatch(/^sk-tg-[0-9A-Za-z]{38}$/);
    expect(created.last4).toBe(created.key.slice(-4));
    const listed = (await admin.listKeys(t.tenantId)).find((k) => k.id === created.id)!;
    expect(listed).toMatchObject({ label: 'ci-pipeline', prefix: 'sk-tg-', last4: created.last4, masked: `sk-tg-...${created.last4}`, scopes: ['chat:write'] });
    expect(JSON.stringify(await admin.listKeys(t.tenantId))).not.toContain(created.key);
  });

  it('never stores the raw key: no table of any service contains it', async () => {
    const { key } = await admin.createKey(t.tenantId, { label: 'needle' });
    expect((await chat(gw1(), key)).status).toBe(200);
    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    try {
      const tables = await db.query<{ s: string; t: string }>(
        "SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema IN ('auth','gateway','billing') AND table_type = 'BASE TABLE'",
      );
      expect(tables.rows.length).toBeGreaterThanOrEqual(5);
      for (const { s, t: table } of tables.rows) {
        const hits = await db.query(`SELECT count(*)::int AS n FROM "${s}"."${table}" x WHERE x::text LIKE $1`, [`%${key.slice(6)}%`]);
        expect({ table: `${s}.${table}`, n: hits.rows[0].n }).toEqual({ table: `${s}.${table}`, n: 0 });
      }
    } finally {
      await db.end();
    }
  });

  it('rejects a key with a broken checksum at the edge, without asking auth', async () => {
    const { key } = await admin.createKey(t.tenantId, { label: 'typo' });
    const last = key.at(-1) === 'a' ? 'b' : 'a';
    await spy.flush();
    const before = verifyRequests;
    const res = await chat(gw1(), key.slice(0, -1) + last);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(INVALID_KEY_BODY);
    await spy.flush();
    expect(verifyRequests).toBe(before);
    expect((await chat(gw1(), key)).status).toBe(200);
    await spy.flush();
    expect(verifyRequests).toBe(before + 1);
  });

  it('revocation is immediate on every gateway instance, even with the key cached', async () => {
    const { key, id } = await admin.createKey(t.tenantId, { label: 'to-revoke' });
    expect((await chat(gw1(), key)).status).toBe(200);
    expect((await chat(gw2(), key)).status).toBe(200);
    await admin.revokeKey(id);
    const [a, b] = await Promise.all([chat(gw1(), key), chat(gw2(), key)]);
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(a.body).toEqual(INVALID_KEY_BODY);
    expect((await admin.listKeys(t.tenantId)).find((k) => k.id === id)).toMatchObject({ status: 'revoked' });
  });

  it('rotation replaces the key: the new one works, the old one stops at once', async () => {
    const { key: oldKey, id } = await admin.createKey(t.tenantId, { label: 'rotating', scopes: ['chat:write', 'models:read'] });
    expect((await chat(gw1(), oldKey)).status).toBe(200);
    expect((await chat(gw2(), oldKey)).status).toBe(200);
    const rotated = await admin.rotateKey(id);
    expect(rotated.key).not.toBe(oldKey);
    expect(rotated).toMatchObject({ label: 'rotating', scopes: ['chat:write', 'models:read'], rotatedFromId: id });
    expect((await chat(gw1(), oldKey)).status).toBe(401);
    expect((await chat(gw2(), oldKey)).status).toBe(401);
    expect((await chat(gw1(), rotated.key)).status).toBe(200);
  });

  it('rotation with a grace period keeps the old key working until it ends', async () => {
    const { key: oldKey, id } = await admin.createKey(t.tenantId, { label: 'graceful' });
    expect((await chat(gw1(), oldKey)).status).toBe(200);
    const rotatedAt = Date.now();
    const rotated = await admin.rotateKey(id, 3);
    expect((await chat(gw1(), oldKey)).status).toBe(200);
    expect((await chat(gw2(), rotated.key)).status).toBe(200);
    // Polled, not slept: refused once the grace period is over, and not a moment before it.
    expect(
      (
        await eventually(
          () => chat(gw1(), oldKey),
          (r) => r.status !== 200,
        )
      ).status,
    ).toBe(401);
    expect(Date.now() - rotatedAt).toBeGreaterThanOrEqual(3000);
    expect((await chat(gw2(), oldKey)).status).toBe(401);
    expect((await chat(gw1(), rotated.key)).status).toBe(200);
  });

  it('deleting a key refuses it at once and removes it from the listing', async () => {
    const { key, id } = await admin.createKey(t.tenantId, { label: 'doomed' });
    expect((await chat(gw2(), key)).status).toBe(200);
    const res = await admin.call('auth', 'DELETE', `/admin/keys/${id}`);
    expect(res.status).toBe(204);
    expect((await chat(gw2(), key)).status).toBe(401);
    expect((await admin.listKeys(t.tenantId)).some((k) => k.id === id)).toBe(false);
    expect((await admin.call('auth', 'POST', `/admin/keys/${id}/revoke`)).status).toBe(404);
  });

  it('an expired key is refused', async () => {
    const expiresAt = Date.now() + 3000;
    const { key } = await admin.createKey(t.tenantId, { label: 'short-lived', expiresAt: new Date(expiresAt).toISOString() });
    expect((await chat(gw1(), key)).status).toBe(200);
    const res = await eventually(
      () => chat(gw1(), key),
      (r) => r.status !== 200,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(INVALID_KEY_BODY);
    const rejected = await admin.call('auth', 'POST', `/admin/tenants/${t.tenantId}/keys`, { label: 'past', expiresAt: '2020-01-01T00:00:00Z' });
    expect(rejected.status).toBe(400);
  });

  it('audits every management action with who, what and when, never the key', async () => {
    const { key, id } = await admin.createKey(t.tenantId, { label: 'audited' });
    await admin.revokeKey(id);
    const log = await admin.call<{ data: { action: string; actor: string; keyId: string | null; at: string }[] }>(
      'auth',
      'GET',
      `/admin/tenants/${t.tenantId}/audit-log`,
    );
    expect(log.status).toBe(200);
    const mine = log.body.data.filter((e) => e.keyId === id).map((e) => e.action);
    expect(mine.sort()).toEqual(['key.created', 'key.revoked']);
    expect(log.body.data.map((e) => e.action)).toEqual(expect.arrayContaining(['tenant.created', 'key.rotated', 'key.deleted']));
    expect(log.body.data.every((e) => e.actor === 'admin' && !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect(JSON.stringify(log.body)).not.toContain(key);
  });

  it('admin endpoints refuse a missing or wrong admin token', async () => {
    const res = await fetch(`${stack.auth.url}/admin/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
      body: '{"name":"x"}',
    });
    expect(res.status).toBe(401);
    const res2 = await fetch(`${stack.gateway.adminUrl}/admin/providers`);
    expect(res2.status).toBe(401);
  });
});
