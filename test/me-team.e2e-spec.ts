import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, TenantFixture, tenantWithKey } from './support/fixtures';
import { PORTAL_PASSWORD, portal, signedIn, uniqueEmail } from './support/portal';
import { startStack, Stack } from './support/stack';

const NEW_PASSWORD = 'amber-lantern-orbit-77';

/** Owners manage their team through /me/users; every user manages its own sessions and password. */
describe('/me team, settings and audit log', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let gw: string;
  let a: TenantFixture;
  let b: TenantFixture;
  let owner: { cookie: string; userId: string; email: string };
  let ownerB: { cookie: string; userId: string; email: string };

  const as = (who: { cookie: string }, method: string, path: string, body?: unknown) => portal(gw, method, path, { cookie: who.cookie, body });
  const withKey = (key: string, method: string, path: string, body?: unknown) =>
    portal(gw, method, path, { body, headers: { authorization: `Bearer ${key}` } });
  const signIn = async (email: string, password: string) => {
    const res = await portal(gw, 'POST', '/me/session', { body: { email, password } });
    return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '' };
  };
  /** The invite link's token, as the console's accept page reads it from `?token=`. */
  const tokenOf = (inviteUrl: string) => {
    const url = new URL(inviteUrl, gw);
    expect(url.pathname).toBe('/console/accept-invite');
    return url.searchParams.get('token')!;
  };

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    gw = stack.gateway.url;
    a = await tenantWithKey(admin, stack, { name: 'A', models: ['a-model'] });
    b = await tenantWithKey(admin, stack, { name: 'B', models: ['b-model'] });
    owner = await signedIn(gw, admin, a.tenantId, 'owner');
    ownerB = await signedIn(gw, admin, b.tenantId, 'owner');
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  it('an owner invites a developer, who accepts the link and signs in; a developer cannot manage the team', async () => {
    const email = uniqueEmail('invited');
    const invited = await as(owner, 'POST', '/me/users', { email, role: 'developer' });
    expect(invited.status).toBe(201);
    expect(invited.body.user).toMatchObject({ email, role: 'developer', status: 'invited' });
    expect(invited.body.invite_url).toMatch(/^\/console\/accept-invite\?token=[A-Za-z0-9_-]{40,}$/);
    expect((await as(owner, 'POST', '/me/users', { email, role: 'viewer' })).body.error).toMatchObject({ code: 'conflict' });

    const listed = await as(owner, 'GET', '/me/users');
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: invited.body.user.id, status: 'invited', created_at: expect.any(String) })]),
    );

    expect((await signIn(email, PORTAL_PASSWORD)).status).toBe(401);
    const accepted = await portal(gw, 'POST', '/me/invites/accept', { body: { token: tokenOf(invited.body.invite_url), password: PORTAL_PASSWORD } });
    expect(accepted.status).toBe(200);
    const dev = await signIn(email, PORTAL_PASSWORD);
    expect(dev.status).toBe(201);
    expect((await as(owner, 'GET', '/me/users')).body.data.find((m: { id: string }) => m.id === invited.body.user.id).status).toBe('active');

    const denied = await as(dev, 'GET', '/me/users');
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('missing_scope');
    expect((await as(dev, 'POST', '/me/users', { email: uniqueEmail(), role: 'owner' })).status).toBe(403);
  });

  it("a role change takes effect on the user's next call: a developer made viewer can no longer create keys", async () => {
    const dev = await signedIn(gw, admin, a.tenantId, 'developer');
    expect((await as(dev, 'POST', '/me/keys', { label: 'before' })).status).toBe(201);
    const changed = await as(owner, 'PATCH', `/me/users/${dev.userId}`, { role: 'viewer' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: dev.userId, role: 'viewer', status: 'active' });
    const refused = await as(dev, 'POST', '/me/keys', { label: 'after' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('viewer');
    expect((await as(dev, 'GET', '/me/keys')).status).toBe(200);
    expect((await as(owner, 'PATCH', `/me/users/${dev.userId}`, { role: 'admin' })).body.error).toMatchObject({ code: 'invalid_request', param: 'role' });
  });

  it('removing a user ends its session at once', async () => {
    const viewer = await signedIn(gw, admin, a.tenantId, 'viewer');
    expect((await as(viewer, 'GET', '/me/keys')).status).toBe(200);
    expect((await as(owner, 'DELETE', `/me/users/${viewer.userId}`)).status).toBe(204);
    const after = await as(viewer, 'GET', '/me/keys');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('not_signed_in');
    expect((await as(owner, 'GET', '/me/users')).body.data.map((m: { id: string }) => m.id)).not.toContain(viewer.userId);
    expect((await as(owner, 'DELETE', `/me/users/${viewer.userId}`)).status).toBe(404);
  });

  it("a reset ends the user's sessions and gives a new one-time link; the old password no longer works", async () => {
    const dev = await signedIn(gw, admin, a.tenantId, 'developer');
    const reset = await as(owner, 'POST', `/me/users/${dev.userId}/reset`);
    expect(reset.status).toBe(200);
    expect((await as(dev, 'GET', '/me/keys')).status).toBe(401);
    expect((await signIn(dev.email, PORTAL_PASSWORD)).status).toBe(401);
    const token = tokenOf(reset.body.invite_url);
    expect((await portal(gw, 'POST', '/me/invites/accept', { body: { token, password: NEW_PASSWORD } })).status).toBe(200);
    expect((await portal(gw, 'POST', '/me/invites/accept', { body: { token, password: NEW_PASSWORD } })).status).toBe(400);
    expect((await signIn(dev.email, NEW_PASSWORD)).status).toBe(201);
  });

  it('the last owner cannot be demoted or removed; with a second owner it can', async () => {
    const { id: tenantId } = await admin.createTenant('one owner');
    const only = await signedIn(gw, admin, tenantId, 'owner');
    for (const [method, body] of [
      ['PATCH', { role: 'developer' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await as(only, method, `/me/users/${only.userId}`, body);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('conflict');
    }
    const second = await signedIn(gw, admin, tenantId, 'owner');
    expect((await as(second, 'PATCH', `/me/users/${only.userId}`, { role: 'developer' })).status).toBe(200);
    expect((await as(second, 'DELETE', `/me/users/${second.userId}`)).status).toBe(409);
    expect((await as(only, 'GET', '/me/users')).status).toBe(403);
  });

  it("tenant A's owner cannot reach tenant B's users or sessions: 404 like unknown ones", async () => {
    const bSessions = await as(ownerB, 'GET', '/me/sessions');
    const bSession = bSessions.body.data.find((s: { current: boolean }) => s.current).id as string;
    for (const [method, path, body] of [
      ['PATCH', `/me/users/${ownerB.userId}`, { role: 'viewer' }],
      ['DELETE', `/me/users/${ownerB.userId}`, undefined],
      ['POST', `/me/users/${ownerB.userId}/reset`, undefined],
      ['PATCH', '/me/users/not-a-uuid', { role: 'viewer' }],
      ['DELETE', `/me/sessions/${bSession}`, undefined],
      ['DELETE', '/me/sessions/not-a-uuid', undefined],
    ] as const) {
      const res = await as(owner, method, path, body);
      expect([path, res.status, res.body.error?.code]).toEqual([path, 404, 'not_found']);
    }
    expect((await as(owner, 'GET', '/me/users')).body.data.map((m: { id: string }) => m.id)).not.toContain(ownerB.userId);
    expect((await as(ownerB, 'GET', '/me/keys')).status).toBe(200);
  });

  it('lists the live sessions with the current one marked, and ends one of them', async () => {
    const me = await signedIn(gw, admin, a.tenantId, 'viewer');
    const other = await signIn(me.email, PORTAL_PASSWORD);
    const listed = await as(me, 'GET', '/me/sessions');
    expect(listed.status).toBe(200);
    expect(listed.body.data).toHaveLength(2);
    const current = listed.body.data.filter((s: { current: boolean }) => s.current);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ created_at: expect.any(String), last_seen_at: expect.any(String), expires_at: expect.any(String) });
    const otherId = listed.body.data.find((s: { current: boolean }) => !s.current).id;
    expect((await as(me, 'DELETE', `/me/sessions/${otherId}`)).status).toBe(204);
    expect((await as(other, 'GET', '/me/session')).status).toBe(401);
    expect((await as(me, 'GET', '/me/sessions')).body.data).toHaveLength(1);
  });

  it('a password change checks the current one, ends every other session but not this one', async () => {
    const me = await signedIn(gw, admin, a.tenantId, 'billing');
    const other = await signIn(me.email, PORTAL_PASSWORD);
    const wrong = await as(me, 'POST', '/me/password', { current_password: 'not-my-password-at-all', new_password: NEW_PASSWORD });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_request', param: 'current_password' });
    const weak = await as(me, 'POST', '/me/password', { current_password: PORTAL_PASSWORD, new_password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.param).toBe('new_password');
    expect((await as(other, 'GET', '/me/session')).status).toBe(200);

    expect((await as(me, 'POST', '/me/password', { current_password: PORTAL_PASSWORD, new_password: NEW_PASSWORD })).status).toBe(204);
    expect((await as(me, 'GET', '/me/session')).status).toBe(200);
    expect((await as(other, 'GET', '/me/session')).status).toBe(401);
    expect((await signIn(me.email, PORTAL_PASSWORD)).status).toBe(401);
    expect((await signIn(me.email, NEW_PASSWORD)).status).toBe(201);
  });

  it('API keys are refused on the settings and team routes, whatever their scopes', async () => {
    for (const [method, path, body] of [
      ['GET', '/me/sessions', undefined],
      ['POST', '/me/password', { current_password: 'x', new_password: 'y' }],
      ['GET', '/me/users', undefined],
      ['POST', '/me/users', { email: uniqueEmail(), role: 'owner' }],
    ] as const) {
      const res = await withKey(a.key, method, path, body);
      expect([path, res.status, res.body.error?.code]).toEqual([path, 403, 'session_required']);
    }
  });

  it('the audit log names who did what to which key, newest first, in cursor pages, for this tenant only', async () => {
    const label = `audited-${Date.now()}`;
    const created = await as(owner, 'POST', '/me/keys', { label });
    expect(created.status).toBe(201);
    const first = await as(owner, 'GET', '/me/audit-log?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual([
      expect.objectContaining({
        action: 'key.created',
        actor: { type: 'user', id: owner.userId, name: owner.email },
        target: { type: 'key', id: created.body.id, name: label },
      }),
    ]);
    expect(first.body.next_cursor).toEqual(expect.any(String));

    const all = await as(owner, 'GET', '/me/audit-log?limit=200');
    const entries = all.body.data as { id: string; at: string; action: string; actor: { name: string }; target: { name: string } | null }[];
    expect(entries.length).toBeGreaterThan(5);
    const times = entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['user.invited', 'user.role_changed', 'user.removed', 'user.password_reset', 'user.password_changed']),
    );
    expect(JSON.stringify(entries)).not.toMatch(/hash|password_hash|\$2[aby]\$/);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof as>> = await as(owner, 'GET', `/me/audit-log?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      paged.push(...page.body.data.map((e: { id: string }) => e.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(paged).toEqual(entries.map((e) => e.id));

    const mine = new Set(entries.map((e) => e.id));
    const theirs = (await as(ownerB, 'GET', '/me/audit-log?limit=200')).body.data as { id: string; actor: { name: string } }[];
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.filter((e) => mine.has(e.id))).toEqual([]);
    expect(JSON.stringify(theirs)).not.toContain(owner.email);
    expect(
      (await as(ownerB, 'GET', `/me/audit-log?cursor=${encodeURIComponent(first.body.next_cursor)}`)).body.data.filter((e: { id: string }) => mine.has(e.id)),
    ).toEqual([]);

    const reader = await admin.createKey(a.tenantId, { label: 'auditor', scopes: ['keys:read'] });
    const byKey = await withKey(reader.key, 'GET', '/me/audit-log?limit=1');
    expect(byKey.status).toBe(200);
    expect(byKey.body.data[0]).toMatchObject({
      action: 'key.created',
      actor: { type: 'admin', name: 'admin' },
      target: { type: 'key', id: reader.id, name: 'auditor' },
    });
    expect((await withKey(a.key, 'GET', '/me/audit-log')).body.error.code).toBe('missing_scope');
    expect((await as(owner, 'GET', '/me/audit-log?limit=0')).body.error).toMatchObject({ code: 'invalid_request', param: 'limit' });
    expect((await as(owner, 'GET', '/me/audit-log?cursor=bm9wZQ')).body.error).toMatchObject({ code: 'invalid_request', param: 'cursor' });
  });
});
