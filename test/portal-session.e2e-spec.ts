import { Client } from 'pg';
import { createHash } from 'node:crypto';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor } from './support/fixtures';
import { createPortalUser, PORTAL_PASSWORD, portal, uniqueEmail } from './support/portal';
import { gatewayFor, startStack, Stack } from './support/stack';

const GENERIC = { error: { message: 'Incorrect email or password.', type: 'authentication_error', param: null, code: 'invalid_credentials' } };

describe('/me/session: portal sign-in and sign-out through the gateway', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let db: Client;
  let tenantId: string;
  let email: string;
  let gw: string;

  const signIn = (mail: string, password: string, headers: Record<string, string> = {}) =>
    portal(gw, 'POST', '/me/session', { body: { email: mail, password }, headers });
  const cookieOf = (setCookie: string | null) => setCookie!.split(';')[0];

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    gw = stack.gateway.url;
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    tenantId = (await admin.createTenant('A')).id;
    email = uniqueEmail('owner');
    expect((await createPortalUser(admin, tenantId, { email, role: 'owner', password: PORTAL_PASSWORD })).status).toBe(201);
  });

  afterAll(async () => {
    await db?.end();
    await stack?.close();
    await env?.drop();
  });

  it('sets an HttpOnly, SameSite=Lax, Path=/ cookie holding an opaque id stored only hashed; GET tells who is signed in', async () => {
    const res = await signIn(email.toUpperCase(), PORTAL_PASSWORD);
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ tenant_id: tenantId, email, role: 'owner' });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^tollgate_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const id = cookieOf(setCookie).split('=')[1];
    const rows = await db.query('SELECT id_hash FROM auth.portal_sessions s JOIN auth.portal_users u ON u.id = s.user_id WHERE u.email = $1', [email]);
    expect(rows.rows.map((r) => r.id_hash)).toContain(createHash('sha256').update(id).digest('hex'));
    expect((await db.query(`SELECT count(*)::int AS n FROM auth.portal_sessions s WHERE s::text LIKE $1`, [`%${id}%`])).rows[0].n).toBe(0);
    const me = await portal(gw, 'GET', '/me/session', { cookie: cookieOf(setCookie) });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(email);
    expect((await portal(gw, 'GET', '/me/session')).status).toBe(401);
  });

  it('over TLS (or SESSION_COOKIE_SECURE=true) the cookie is Secure with the __Host- prefix', async () => {
    const secure = await gatewayFor(env, { SESSION_COOKIE_SECURE: 'true' });
    try {
      const res = await portal(secure.url, 'POST', '/me/session', { body: { email, password: PORTAL_PASSWORD } });
      expect(res.status).toBe(201);
      expect(res.headers.get('set-cookie')).toMatch(/^__Host-tollgate_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
      const me = await portal(secure.url, 'GET', '/me/session', { cookie: cookieOf(res.headers.get('set-cookie')) });
      expect(me.status).toBe(200);
    } finally {
      await secure.close();
    }
  });

  it('in auto mode behind a trusted TLS proxy (TRUST_PROXY, X-Forwarded-Proto: https) the cookie is Secure too', async () => {
    const proxied = await gatewayFor(env, { TRUST_PROXY: '1' });
    try {
      const viaTls = await portal(proxied.url, 'POST', '/me/session', {
        body: { email, password: PORTAL_PASSWORD },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(viaTls.headers.get('set-cookie')).toMatch(/^__Host-tollgate_session=.*; Secure$/);
      const plain = await portal(proxied.url, 'POST', '/me/session', { body: { email, password: PORTAL_PASSWORD } });
      expect(plain.headers.get('set-cookie')).toMatch(/^tollgate_session=.*SameSite=Lax$/);
    } finally {
      await proxied.close();
    }
    // Without TRUST_PROXY a client cannot claim TLS.
    const spoofed = await signIn(email, PORTAL_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(spoofed.headers.get('set-cookie')).toMatch(/^tollgate_session=/);
  });

  it('a wrong password and an unknown email get the same generic 401 and no cookie', async () => {
    const wrong = await signIn(email, `${PORTAL_PASSWORD}x`);
    const unknown = await signIn(uniqueEmail('nobody'), PORTAL_PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(GENERIC);
    expect(unknown.body).toEqual(GENERIC);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect((await signIn(email, '')).body).toEqual(GENERIC);
  });

  it('refuses cross-site sign-in and sign-out: Origin, Sec-Fetch-Site and the custom header', async () => {
    expect((await signIn(email, PORTAL_PASSWORD, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await signIn(email, PORTAL_PASSWORD, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await signIn(email, PORTAL_PASSWORD, { 'x-tollgate-csrf': '0' })).body.error.code).toBe('csrf_failed');
    expect((await signIn(email, PORTAL_PASSWORD, { origin: gw, 'sec-fetch-site': 'same-origin' })).status).toBe(201);
    const cookie = cookieOf((await signIn(email, PORTAL_PASSWORD)).headers.get('set-cookie'));
    expect((await portal(gw, 'DELETE', '/me/session', { cookie, headers: { 'x-tollgate-csrf': '' } })).status).toBe(403);
    expect((await portal(gw, 'GET', '/me/session', { cookie })).status).toBe(200);
  });

  it('sign-out revokes the session at once and clears the cookie', async () => {
    const cookie = cookieOf((await signIn(email, PORTAL_PASSWORD)).headers.get('set-cookie'));
    const other = cookieOf((await signIn(email, PORTAL_PASSWORD)).headers.get('set-cookie'));
    const out = await portal(gw, 'DELETE', '/me/session', { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^tollgate_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/);
    expect((await portal(gw, 'GET', '/me/session', { cookie })).status).toBe(401);
    expect((await portal(gw, 'GET', '/me/session', { cookie: other })).status).toBe(200);
    const hash = createHash('sha256').update(cookie.split('=')[1]).digest('hex');
    expect((await db.query('SELECT revoked_at FROM auth.portal_sessions WHERE id_hash = $1', [hash])).rows[0].revoked_at).not.toBeNull();
  });

  it('rate-limits failures per account with growing delays, even for the right password', async () => {
    const victim = uniqueEmail('victim');
    await createPortalUser(admin, tenantId, { email: victim, role: 'viewer', password: PORTAL_PASSWORD });
    for (let i = 0; i < 6; i++) expect((await signIn(victim, `wrong-password-${i}`)).body).toEqual(GENERIC);
    const locked = await signIn(victim, PORTAL_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('set-cookie')).toBeNull();
    const first = Number(locked.headers.get('retry-after'));
    expect(first).toBeGreaterThanOrEqual(1);
    // Once the lock lapses the next failure counts again and locks for longer.
    expect(
      (
        await eventually(
          () => signIn(victim, 'wrong-password-again'),
          (r) => r.status === 401,
        )
      ).status,
    ).toBe(401);
    const longer = await signIn(victim, PORTAL_PASSWORD);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get('retry-after'))).toBeGreaterThan(first);
    expect(
      (
        await eventually(
          () => signIn(victim, PORTAL_PASSWORD),
          (r) => r.status !== 429,
        )
      ).status,
    ).toBe(201);
    // Other accounts were not locked by the victim's failures.
    expect((await signIn(email, PORTAL_PASSWORD)).status).toBe(201);
  });

  it('rate-limits failures per address across accounts (runs last: it locks this address)', async () => {
    const tries = await eventually(
      () => signIn(uniqueEmail('spray'), `${PORTAL_PASSWORD}-spray`),
      (r) => r.status === 429,
      30_000,
    );
    expect(tries.status).toBe(429);
    expect((await signIn(email, PORTAL_PASSWORD)).status).toBe(429);
  });
});
