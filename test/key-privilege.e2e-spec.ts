import { SCOPES } from '@tollgate/contracts';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, chat, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';
import { roomInWindow } from './support/rate-window';

type Reply = { status: number; body: Record<string, any> };

/** A request as a careless client sends it: `body` is sent as given (a string as is, '' for an empty body). */
async function send(url: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const json = init.body !== undefined;
  const res = await fetch(url, {
    method: init.method ?? 'POST',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(json ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: !json ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

const inOneHour = () => new Date(Date.now() + 3600_000).toISOString();

describe('key privileges, admin-token transport and empty bodies (issue 10: 5–8, 14)', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let a: TenantFixture;

  const me = (key: string, path: string, body?: unknown, method = 'POST') => send(`${stack.gateway.url}/me/keys${path}`, { method, token: key, body });
  const works = async (key: string, model = 'a-fast') => (await chat(stack.gateway.baseUrl, key, { model, messages: [{ role: 'user', content: 'x' }] })).status;
  const successors = async (keyId: string) => (await admin.listKeys(a.tenantId)).filter((k) => k.rotatedFromId === keyId);

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    a = await tenantWithKey(admin, stack, { name: 'A', models: ['a-fast', 'a-premium'] });
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  describe('/me acts only on keys the caller could have created (5)', () => {
    let narrow: string;
    let full: { id: string; key: string };

    beforeAll(async () => {
      narrow = (await admin.createKey(a.tenantId, { label: 'narrow manager', scopes: ['keys:manage', 'chat:write'], models: ['a-fast'] })).key;
      full = await admin.createKey(a.tenantId, { label: 'full', scopes: [...SCOPES] });
    });

    it('cannot rotate a wider key: 403, no new key, the wider key keeps working', async () => {
      const before = (await admin.listKeys(a.tenantId)).length;
      const res = await me(narrow, `/${full.id}/rotate`, {});
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ type: 'permission_error', code: 'key_not_manageable' });
      expect(res.body.key).toBeUndefined();
      expect(res.body.error.message).toContain("'embeddings:write'");
      expect((await admin.listKeys(a.tenantId)).length).toBe(before);
      expect(await works(full.key, 'a-premium')).toBe(200);
    });

    it('cannot revoke a wider key: 403, and it keeps working', async () => {
      const res = await me(narrow, `/${full.id}/revoke`);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ type: 'permission_error', code: 'key_not_manageable' });
      expect(await works(full.key)).toBe(200);
    });

    it('cannot rotate a key with every model when it is limited to some', async () => {
      const everyModel = await admin.createKey(a.tenantId, { label: 'chat, any model', scopes: ['chat:write'] });
      const res = await me(narrow, `/${everyModel.id}/rotate`, {});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('every model');
    });

    it('cannot rotate a key that outlives it or has higher limits; can rotate one it created', async () => {
      const bounded = (
        await admin.createKey(a.tenantId, {
          label: 'bounded manager',
          scopes: ['keys:manage', 'chat:write'],
          expiresAt: inOneHour(),
          rateLimits: { rpm: 100, tpm: 100_000 },
        })
      ).key;
      const forever = await admin.createKey(a.tenantId, { label: 'no expiry', scopes: ['chat:write'], rateLimits: { rpm: 10 } });
      const faster = await admin.createKey(a.tenantId, {
        label: 'faster',
        scopes: ['chat:write'],
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
        rateLimits: { rpm: 1000, tpm: 1000 },
      });
      const refusals = [
        await me(bounded, `/${forever.id}/rotate`, {}),
        await me(bounded, `/${faster.id}/rotate`, {}),
        await me(bounded, `/${faster.id}/revoke`),
      ];
      expect(refusals.map((r) => r.status)).toEqual([403, 403, 403]);
      expect(refusals[0].body.error.message).toContain('expires later');
      expect(refusals[1].body.error.message).toContain('requests-per-minute');
      expect(await works(faster.key)).toBe(200);

      const own = await me(bounded, '', { label: 'own', scopes: ['chat:write'] });
      expect(own.status).toBe(201);
      const rotated = await me(bounded, `/${own.body.id}/rotate`, {});
      expect(rotated.status).toBe(201);
      expect(await works(rotated.body.key)).toBe(200);
      expect((await me(bounded, `/${rotated.body.id}/revoke`)).status).toBe(200);
      expect(await works(rotated.body.key)).toBe(401);
    });
  });

  describe('/me/keys creation inherits the caller expiry and limits (6)', () => {
    it('a new key gets the tighter of the requested and the caller expiry and limits', async () => {
      const expiresAt = inOneHour();
      const manager = (
        await admin.createKey(a.tenantId, { label: 'manager', scopes: ['keys:manage', 'chat:write'], expiresAt, rateLimits: { rpm: 50, tpm: 20_000 } })
      ).key;
      const wide = await me(manager, '', { label: 'asks for more', scopes: ['chat:write'], rate_limits: { rpm: 1_000_000, tpm: null } });
      expect(wide.status).toBe(201);
      expect(wide.body).toMatchObject({ expires_at: new Date(expiresAt).toISOString(), rate_limits: { rpm: 50, tpm: 20_000 } });

      const sooner = new Date(Date.now() + 600_000).toISOString();
      const tight = await me(manager, '', { label: 'asks for less', scopes: ['chat:write'], expires_at: sooner, rate_limits: { rpm: 2 } });
      expect(tight.status).toBe(201);
      expect(tight.body).toMatchObject({ expires_at: new Date(sooner).toISOString(), rate_limits: { rpm: 2, tpm: 20_000 } });
      const listed = ((await me(manager, '', undefined, 'GET')).body.data as { id: string; rate_limits: unknown }[]).find((k) => k.id === wide.body.id);
      expect(listed).toMatchObject({ rate_limits: { rpm: 50, tpm: 20_000 } });
    });

    it("the new key is held to the caller's requests per minute", async () => {
      const manager = (await admin.createKey(a.tenantId, { label: 'rpm 3 manager', scopes: ['keys:manage', 'chat:write'], rateLimits: { rpm: 3 } })).key;
      const created = await me(manager, '', { label: 'worker', scopes: ['chat:write'] });
      expect(created.status).toBe(201);
      const statuses: number[] = [];
      await roomInWindow(5_000); // the fourth call is refused only in the minute window of the first three
      for (let i = 0; i < 4; i++) statuses.push(await works(created.body.key));
      expect(statuses).toEqual([200, 200, 200, 429]);
    });

    it("the new key stops when the caller's expiry passes", async () => {
      const manager = (
        await admin.createKey(a.tenantId, {
          label: 'brief manager',
          scopes: ['keys:manage', 'chat:write'],
          expiresAt: new Date(Date.now() + 3000).toISOString(),
        })
      ).key;
      const created = await me(manager, '', { label: 'worker', scopes: ['chat:write'] });
      expect(created.status).toBe(201);
      expect(await works(created.body.key)).toBe(200);
      expect(
        await eventually(
          () => works(created.body.key),
          (status) => status !== 200,
          10_000,
        ),
      ).toBe(401);
    });
  });

  describe('a key in its grace period is rotated once (7)', () => {
    it('admin: a second rotation is a 409 and makes no second successor', async () => {
      const key = await admin.createKey(a.tenantId, { label: 'graceful' });
      const first = await admin.call<Record<string, any>>('auth', 'POST', `/admin/keys/${key.id}/rotate`, { gracePeriodSeconds: 60 });
      expect(first.status).toBe(201);
      const second = await admin.call<Record<string, any>>('auth', 'POST', `/admin/keys/${key.id}/rotate`, { gracePeriodSeconds: 60 });
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ error: { code: 'key_already_rotated' } });
      expect(second.body.key).toBeUndefined();
      expect((await successors(key.id)).map((k) => k.id)).toEqual([first.body.id]);
      expect(await works(key.key, 'a-fast')).toBe(200);
      expect((await admin.call('auth', 'POST', `/admin/keys/${first.body.id}/rotate`, { gracePeriodSeconds: 60 })).status).toBe(201);
    });

    it('admin: of two concurrent rotations one wins', async () => {
      const key = await admin.createKey(a.tenantId, { label: 'raced' });
      const both = await Promise.all([0, 1].map(() => admin.call('auth', 'POST', `/admin/keys/${key.id}/rotate`, { gracePeriodSeconds: 60 })));
      expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(await successors(key.id)).toHaveLength(1);
    });

    it('/me: a second rotation is a 409', async () => {
      const manager = (await admin.createKey(a.tenantId, { label: 'manager', scopes: ['keys:manage', 'chat:write'] })).key;
      const { body: worker } = await me(manager, '', { label: 'worker', scopes: ['chat:write'] });
      expect((await me(manager, `/${worker.id}/rotate`, { grace_period_seconds: 60 })).status).toBe(201);
      const again = await me(manager, `/${worker.id}/rotate`, { grace_period_seconds: 60 });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ type: 'invalid_request_error', code: 'conflict' });
      expect(await successors(worker.id)).toHaveLength(1);
    });
  });

  describe('the admin token only in the Authorization header (8)', () => {
    it('auth: ?access_token= and a body access_token are refused; the key stays active', async () => {
      const key = await admin.createKey(a.tenantId, { label: 'target' });
      const inUrl = await send(`${stack.auth.url}/admin/keys/${key.id}/revoke?access_token=${env.adminToken}`);
      const inBody = await send(`${stack.auth.url}/admin/keys/${key.id}/revoke`, { body: { access_token: env.adminToken } });
      expect([inUrl.status, inBody.status]).toEqual([401, 401]);
      expect(await works(key.key)).toBe(200);
      expect((await admin.listKeys(a.tenantId)).find((k) => k.id === key.id)).toMatchObject({ status: 'active' });
      const inHeader = await send(`${stack.auth.url}/admin/keys/${key.id}/revoke`, { token: env.adminToken });
      expect(inHeader.status).toBe(200);
    });

    it('gateway admin: refused in the URL and in the body', async () => {
      expect((await send(`${stack.gateway.adminUrl}/admin/providers?access_token=${env.adminToken}`, { method: 'GET' })).status).toBe(401);
      const body = { access_token: env.adminToken, name: 'sneaky', kind: 'openai', baseUrl: stack.mock.url };
      expect((await send(`${stack.gateway.adminUrl}/admin/providers`, { body })).status).toBe(401);
      expect((await send(`${stack.gateway.adminUrl}/admin/providers`, { method: 'GET', token: env.adminToken })).status).toBe(200);
    });

    it('billing: refused in the URL and in the body; no credit is booked', async () => {
      const quiet = await admin.createTenant('no traffic');
      const balance = async () => (await admin.call<{ balanceMicros: number }>('billing', 'GET', `/admin/tenants/${quiet.id}/balance`)).body.balanceMicros;
      const before = await balance();
      const credit = { amountMicros: 5_000_000, reason: 'probe' };
      const inUrl = await send(`${stack.billing.url}/admin/tenants/${quiet.id}/credits?access_token=${env.adminToken}`, { body: credit });
      const inBody = await send(`${stack.billing.url}/admin/tenants/${quiet.id}/credits`, { body: { ...credit, access_token: env.adminToken } });
      expect([inUrl.status, inBody.status]).toEqual([401, 401]);
      expect(await balance()).toBe(before);
      expect((await send(`${stack.billing.url}/admin/tenants/${quiet.id}/credits`, { token: env.adminToken, body: credit })).status).toBe(201);
      expect(await balance()).toBe(before + credit.amountMicros);
    });
  });

  describe('an empty JSON body on a route that takes none (14)', () => {
    it('auth admin: revoke and rotate accept it; a route that needs a body still refuses it', async () => {
      const key = await admin.createKey(a.tenantId, { label: 'empty-body' });
      const rotated = await send(`${stack.auth.url}/admin/keys/${key.id}/rotate`, { token: env.adminToken, body: '' });
      expect(rotated.status).toBe(201);
      const revoked = await send(`${stack.auth.url}/admin/keys/${rotated.body.id}/revoke`, { token: env.adminToken, body: '' });
      expect(revoked.status).toBe(200);
      expect(await works(rotated.body.key)).toBe(401);
      expect((await send(`${stack.auth.url}/admin/tenants`, { token: env.adminToken, body: '' })).status).toBe(400);
      expect((await send(`${stack.auth.url}/admin/tenants`, { token: env.adminToken, body: '{' })).status).toBe(400);
    });

    it('gateway /me: revoke and rotate accept it; create still refuses it', async () => {
      const manager = (await admin.createKey(a.tenantId, { label: 'manager', scopes: ['keys:manage', 'chat:write'] })).key;
      const { body: worker } = await me(manager, '', { label: 'worker', scopes: ['chat:write'] });
      const rotated = await me(manager, `/${worker.id}/rotate`, '');
      expect(rotated.status).toBe(201);
      const revoked = await me(manager, `/${rotated.body.id}/revoke`, '');
      expect(revoked.status).toBe(200);
      expect(await works(rotated.body.key)).toBe(401);
      const create = await me(manager, '', '');
      expect(create.status).toBe(400);
      expect(create.body.error.type).toBe('invalid_request_error');
    });

    it('gateway admin: deleting a route accepts it', async () => {
      await admin.addModel(a.tenantId, 'a-doomed', a.providerId, 'gpt-4.1-mini');
      const res = await send(`${stack.gateway.adminUrl}/admin/tenants/${a.tenantId}/models/a-doomed`, { method: 'DELETE', token: env.adminToken, body: '' });
      expect(res.status).toBe(204);
    });
  });
});
