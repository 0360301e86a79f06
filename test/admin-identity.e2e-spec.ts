import * as bcrypt from 'bcrypt';
import { Client } from 'pg';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor } from './support/fixtures';
import { signedIn, uniqueEmail } from './support/portal';
import { startStack, Stack } from './support/stack';

const PASSWORD = 'amber-lantern-orbit-97';
const SIGN_IN_FAILED = 'Incorrect email or password.';

type SignedInBody = { token: string; admin: { id: string; email: string }; expires_at: string; error?: { message: string; code: string } };

describe('admin identity: admins sign in and act as themselves on auth, billing and the gateway admin port', () => {
  let env: TestEnv;
  let stack: Stack;
  let bootstrap: AdminClient;
  let anonymous: AdminClient;
  let db: Client;
  let first: { id: string; email: string };
  let firstToken: string;

  const signIn = (email: string, password: string) => anonymous.call<SignedInBody>('auth', 'POST', '/admin/session', { email, password });

  /** A read on each service's admin API with this client: the three statuses. */
  const statuses = async (admin: AdminClient) => [
    (await admin.call('auth', 'GET', '/admin/tenants')).status,
    (await admin.call('billing', 'GET', '/admin/prices')).status,
    (await admin.call('gateway', 'GET', '/admin/providers')).status,
  ];

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    bootstrap = adminFor(env, stack);
    anonymous = bootstrap.withToken('');
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stack?.close();
    await env?.drop();
  });

  it('the bootstrap token creates the first admin: email lower-cased, password kept only as a bcrypt hash of cost 12+', async () => {
    const email = uniqueEmail('Ops').toUpperCase();
    expect((await anonymous.call('auth', 'POST', '/admin/admins', { email, password: PASSWORD })).status).toBe(401);
    expect((await bootstrap.call<{ error: { code: string } }>('auth', 'POST', '/admin/admins', { email, password: 'short-pw' })).body.error.code).toBe(
      'weak_password',
    );

    const res = await bootstrap.call<{ id: string; email: string; created_at: string }>('auth', 'POST', '/admin/admins', { email, password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body.email).toBe(email.toLowerCase());
    first = { id: res.body.id, email: res.body.email };
    const { rows } = await db.query<{ password_hash: string }>('SELECT password_hash FROM auth.admin_users WHERE id = $1', [first.id]);
    expect(bcrypt.getRounds(rows[0].password_hash)).toBeGreaterThanOrEqual(12);
    expect(rows[0].password_hash).not.toContain(PASSWORD);

    const again = await bootstrap.call<{ error: { code: string } }>('auth', 'POST', '/admin/admins', { email: email.toLowerCase(), password: PASSWORD });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email_taken');
    const events = await db.query('SELECT actor, action FROM auth.admin_events WHERE admin_id = $1', [first.id]);
    expect(events.rows).toEqual([{ actor: 'admin', action: 'admin.created' }]);
  });

  it('signs in with email and password: a token shown once (stored hashed), the admin, the expiry; who-am-I names them', async () => {
    const res = await signIn(first.email.toUpperCase(), PASSWORD);
    expect(res.status).toBe(201);
    expect(res.body.admin).toEqual(first);
    expect(res.body.token).toMatch(/^tgadm_[A-Za-z0-9_-]{43}$/);
    expect(new Date(res.body.expires_at).getTime()).toBeGreaterThan(Date.now());
    firstToken = res.body.token;
    const stored = await db.query(`SELECT count(*)::int AS n FROM auth.admin_sessions s WHERE s::text LIKE $1`, [`%${firstToken.slice(6)}%`]);
    expect(stored.rows[0].n).toBe(0);

    const me = await bootstrap.withToken(firstToken).call('auth', 'GET', '/admin/session');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ actor: `admin:${first.email}`, admin: first, expires_at: res.body.expires_at });
    expect((await bootstrap.call('auth', 'GET', '/admin/session')).body).toMatchObject({ actor: 'admin', admin: null });
  });

  it('a wrong password, an unknown email or one that is no email at all gets the same generic 401', async () => {
    const wrong = await signIn(first.email, `${PASSWORD}x`);
    const unknown = await signIn(uniqueEmail('nobody'), PASSWORD);
    const malformed = await signIn('not an email', PASSWORD);
    for (const res of [wrong, unknown, malformed]) {
      expect(res.status).toBe(401);
      expect(res.body.error?.message).toBe(SIGN_IN_FAILED);
    }
    expect(wrong.body).toEqual(unknown.body);
    expect(malformed.body).toEqual(unknown.body);
  });

  it("an admin's changes on all three services are recorded as admin:<email>", async () => {
    const me = bootstrap.withToken(firstToken);
    const actor = `admin:${first.email}`;
    const tenant = await me.createTenant('Acme');
    const audit = await me.call<{ data: { actor: string; action: string }[] }>('auth', 'GET', `/admin/tenants/${tenant.id}/audit-log`);
    expect(audit.body.data).toContainEqual(expect.objectContaining({ actor, action: 'tenant.created' }));

    await me.credit(tenant.id, 5_000_000, 'launch credit');
    const ledger = await db.query<{ actor: string; reason: string }>(
      `SELECT actor, reason FROM billing.ledger_transactions WHERE tenant_id = $1 AND kind = 'adjustment'`,
      [tenant.id],
    );
    expect(ledger.rows).toEqual([{ actor, reason: 'launch credit' }]);

    const provider = await me.createProvider({ name: `p-${env.id}`, baseUrl: stack.mock.url, apiKey: 'sk-upstream-secret' });
    await me.addModel(tenant.id, 'gpt-admin-identity', provider.id);
    const listed = await me.call<{ model: string }[]>('gateway', 'GET', `/admin/tenants/${tenant.id}/models`);
    expect(listed.status).toBe(200);
    const price = await db.query<{ created_by: string }>(`SELECT created_by FROM billing.prices WHERE model = 'gpt-admin-identity'`);
    expect(price.rows).toEqual([{ created_by: actor }]);
  });

  it('never accepts a customer API key or a portal session on an admin route', async () => {
    const tenant = await bootstrap.createTenant('Customer');
    const { key } = await bootstrap.createKey(tenant.id, { label: 'customer' });
    const { cookie } = await signedIn(stack.gateway.url, bootstrap, tenant.id, 'owner');
    const cookieValue = cookie.split('=')[1];
    for (const token of [key, cookieValue]) expect(await statuses(bootstrap.withToken(token))).toEqual([401, 401, 401]);
    for (const [base, path] of [
      ['auth', '/admin/tenants'],
      ['billing', '/admin/prices'],
      ['gateway', '/admin/providers'],
    ] as const) {
      const url = base === 'auth' ? stack.auth.url : base === 'billing' ? stack.billing.url : stack.gateway.adminUrl;
      expect((await fetch(`${url}${path}`, { headers: { cookie } })).status).toBe(401);
    }
    // The admin session routes themselves take no portal session either.
    expect((await fetch(`${stack.auth.url}/admin/session`, { headers: { cookie, authorization: `Bearer ${cookieValue}` } })).status).toBe(401);
  });

  it('a signed-out token is refused by auth at once and by billing and the gateway within the 5 s cache', async () => {
    const session = await signIn(first.email, PASSWORD);
    const me = bootstrap.withToken(session.body.token);
    expect(await statuses(me)).toEqual([200, 200, 200]); // verified (and cached) everywhere
    expect((await me.call('auth', 'DELETE', '/admin/session')).status).toBe(204);
    expect((await me.call('auth', 'GET', '/admin/tenants')).status).toBe(401);
    const started = Date.now();
    const after = await eventually(
      () => statuses(me),
      (s) => s.every((x) => x === 401),
      5_000,
    );
    expect(after).toEqual([401, 401, 401]);
    expect(Date.now() - started).toBeLessThan(5_500);
    // The earlier session of the same admin is untouched.
    expect(await statuses(bootstrap.withToken(firstToken))).toEqual([200, 200, 200]);
  });

  it('admins add admins; removing one ends their sessions everywhere; the last admin cannot be removed', async () => {
    const me = bootstrap.withToken(firstToken);
    const secondEmail = uniqueEmail('second');
    const created = await me.call<{ id: string }>('auth', 'POST', '/admin/admins', { email: secondEmail, password: PASSWORD });
    expect(created.status).toBe(201);
    const events = await db.query('SELECT actor, action FROM auth.admin_events WHERE admin_id = $1', [created.body.id]);
    expect(events.rows).toEqual([{ actor: `admin:${first.email}`, action: 'admin.created' }]);
    const list = await me.call<{ data: { email: string }[] }>('auth', 'GET', '/admin/admins');
    expect(list.body.data.map((a) => a.email).sort()).toEqual([first.email, secondEmail].sort());

    const second = bootstrap.withToken((await signIn(secondEmail, PASSWORD)).body.token);
    expect(await statuses(me)).toEqual([200, 200, 200]);
    expect((await second.call('auth', 'DELETE', `/admin/admins/${first.id}`)).status).toBe(204);
    expect((await me.call('auth', 'GET', '/admin/tenants')).status).toBe(401);
    expect(
      await eventually(
        () => statuses(me),
        (s) => s.every((x) => x === 401),
        5_000,
      ),
    ).toEqual([401, 401, 401]);
    expect((await signIn(first.email, PASSWORD)).status).toBe(401);

    for (const who of [second, bootstrap]) {
      const last = await who.call<{ error: { code: string } }>('auth', 'DELETE', `/admin/admins/${created.body.id}`);
      expect(last.status).toBe(409);
      expect(last.body.error.code).toBe('last_admin');
    }
    expect((await second.call('auth', 'DELETE', `/admin/admins/${first.id}`)).status).toBe(404);
    expect(await statuses(second)).toEqual([200, 200, 200]);
  });

  it("documents the admin routes in auth's OpenAPI", async () => {
    const doc = (await (await fetch(`${stack.auth.url}/api/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/admin/session']).sort()).toEqual(['delete', 'get', 'post']);
    expect(Object.keys(doc.paths['/admin/admins']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/admin/admins/{id}'])).toEqual(['delete']);
  });

  it('locks an account after repeated failures (429 with Retry-After), even for the right password', async () => {
    const email = uniqueEmail('locked');
    expect((await bootstrap.call('auth', 'POST', '/admin/admins', { email, password: PASSWORD })).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await signIn(email, 'not-the-password-at-all')).status).toBe(401);
    expect((await signIn(email, 'not-the-password-at-all')).status).toBe(401); // the sixth starts the lock
    const locked = await fetch(`${stack.auth.url}/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
