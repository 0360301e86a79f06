import * as bcrypt from 'bcrypt';
import { Client } from 'pg';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor } from './support/fixtures';
import { createPortalUser, PORTAL_PASSWORD, portal, uniqueEmail } from './support/portal';
import { startStack, Stack } from './support/stack';

describe('portal users: admin creation, invites, bcrypt-hashed passwords', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let db: Client;
  let tenantA: string;
  let tenantB: string;

  const storedHash = async (userId: string) =>
    (await db.query<{ password_hash: string | null }>('SELECT password_hash FROM auth.portal_users WHERE id = $1', [userId])).rows[0]?.password_hash;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    tenantA = (await admin.createTenant('A')).id;
    tenantB = (await admin.createTenant('B')).id;
  });

  afterAll(async () => {
    await db?.end();
    await stack?.close();
    await env?.drop();
  });

  it('creates a user with a password: 201, stored as a bcrypt hash of cost 12+, never the password', async () => {
    const email = uniqueEmail('Owner').replace('owner', 'OWNER');
    const res = await createPortalUser(admin, tenantA, { email, role: 'owner', password: PORTAL_PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ tenantId: tenantA, email: email.toLowerCase(), role: 'owner', hasPassword: true });
    expect(res.body.invite).toBeNull();
    expect(JSON.stringify(res.body)).not.toContain(PORTAL_PASSWORD);
    const hash = await storedHash(res.body.user.id);
    expect(hash).toMatch(/^\$2[aby]\$/);
    expect(bcrypt.getRounds(hash!)).toBeGreaterThanOrEqual(12);
    expect(await bcrypt.compare(PORTAL_PASSWORD, hash!)).toBe(true);
    const everywhere = await db.query(`SELECT count(*)::int AS n FROM auth.portal_users u WHERE u::text LIKE $1`, [`%${PORTAL_PASSWORD}%`]);
    expect(everywhere.rows[0].n).toBe(0);
  });

  it('refuses short and common passwords, unknown roles, and an email already taken (in any tenant)', async () => {
    expect((await createPortalUser(admin, tenantA, { email: uniqueEmail(), role: 'owner', password: 'short-pw' })).body.error?.code).toBe('weak_password');
    expect((await createPortalUser(admin, tenantA, { email: uniqueEmail(), role: 'owner', password: 'password1234' })).status).toBe(400);
    expect((await createPortalUser(admin, tenantA, { email: uniqueEmail(), role: 'admin', password: PORTAL_PASSWORD })).status).toBe(400);
    const email = uniqueEmail();
    expect((await createPortalUser(admin, tenantA, { email, role: 'viewer', password: PORTAL_PASSWORD })).status).toBe(201);
    const again = await createPortalUser(admin, tenantB, { email: email.toUpperCase(), role: 'viewer', password: PORTAL_PASSWORD });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('email_taken');
  });

  it('without a password returns a one-time invite (stored hashed) that sets the password once', async () => {
    const res = await createPortalUser(admin, tenantA, { email: uniqueEmail('dev'), role: 'developer' });
    expect(res.status).toBe(201);
    expect(res.body.user.hasPassword).toBe(false);
    const { token, url, expiresAt } = res.body.invite!;
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(url).toBe(`/console/accept-invite?token=${token}`);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 24 * 3600 * 1000);
    const stored = await db.query(`SELECT count(*)::int AS n FROM auth.portal_invites i WHERE i::text LIKE $1`, [`%${token}%`]);
    expect(stored.rows[0].n).toBe(0);
    expect(await storedHash(res.body.user.id)).toBeNull();

    const gw = stack.gateway.url;
    const weak = await portal(gw, 'POST', '/me/invites/accept', { body: { token, password: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('weak_password');
    const noCsrf = await portal(gw, 'POST', '/me/invites/accept', { body: { token, password: PORTAL_PASSWORD }, headers: { 'x-tollgate-csrf': '' } });
    expect(noCsrf.status).toBe(403);
    const accepted = await portal(gw, 'POST', '/me/invites/accept', { body: { token, password: PORTAL_PASSWORD } });
    expect(accepted.status).toBe(200);
    expect(accepted.body.user).toEqual({ id: res.body.user.id, tenant_id: tenantA, email: res.body.user.email, role: 'developer' });
    expect(await bcrypt.compare(PORTAL_PASSWORD, (await storedHash(res.body.user.id))!)).toBe(true);
    const reused = await portal(gw, 'POST', '/me/invites/accept', { body: { token, password: `${PORTAL_PASSWORD}-2` } });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('invalid_invite');
  });

  it('an expired invite is refused', async () => {
    const res = await createPortalUser(admin, tenantA, { email: uniqueEmail('late'), role: 'viewer' });
    await db.query("UPDATE auth.portal_invites SET expires_at = now() - interval '1 second' WHERE user_id = $1", [res.body.user.id]);
    const late = await portal(stack.gateway.url, 'POST', '/me/invites/accept', { body: { token: res.body.invite!.token, password: PORTAL_PASSWORD } });
    expect(late.body.error?.code).toBe('invalid_invite');
  });

  it("lists a tenant's users without hashes; another tenant's users are invisible", async () => {
    const b = await createPortalUser(admin, tenantB, { email: uniqueEmail('b'), role: 'owner', password: PORTAL_PASSWORD });
    const listA = await admin.call<{ data: { id: string; tenantId: string }[] }>('auth', 'GET', `/admin/tenants/${tenantA}/users`);
    expect(listA.status).toBe(200);
    expect(listA.body.data.length).toBeGreaterThanOrEqual(3);
    expect(listA.body.data.every((u) => u.tenantId === tenantA)).toBe(true);
    expect(listA.body.data.map((u) => u.id)).not.toContain(b.body.user.id);
    expect(JSON.stringify(listA.body)).not.toMatch(/\$2[aby]\$|passwordHash/);
    const listB = await admin.call<{ data: { id: string }[] }>('auth', 'GET', `/admin/tenants/${tenantB}/users`);
    expect(listB.body.data.map((u) => u.id)).toEqual([b.body.user.id]);
    expect((await admin.call('auth', 'GET', '/admin/tenants/00000000-0000-4000-8000-000000000000/users')).status).toBe(404);
  });
});
