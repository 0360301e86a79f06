import type { AdminClient } from './admin-client';

export const PORTAL_PASSWORD = 'violet-kettle-march-42';

export interface CreatedPortalUser {
  user: { id: string; tenantId: string; email: string; role: string; hasPassword: boolean; createdAt: string };
  invite: { token: string; url: string; expiresAt: string } | null;
}

let seq = 0;
/** A unique email for this run (emails are unique across tenants). */
export const uniqueEmail = (who = 'user') => `${who}-${Date.now().toString(36)}-${++seq}@example.test`;

export function createPortalUser(admin: AdminClient, tenantId: string, body: { email: string; role: string; password?: string }) {
  return admin.call<CreatedPortalUser & { error?: { message: string; code: string } }>('auth', 'POST', `/admin/tenants/${tenantId}/users`, body);
}

/** A same-origin portal request as the console's fetch makes it: JSON, the CSRF header, the session cookie if any. */
export async function portal(baseUrl: string, method: string, path: string, opts: { body?: unknown; cookie?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'x-tollgate-csrf': '1',
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

/** A portal user of `role` in the tenant, signed in: its session cookie (`name=value`) and its id. */
export async function signedIn(
  baseUrl: string,
  admin: AdminClient,
  tenantId: string,
  role: string,
): Promise<{ cookie: string; userId: string; email: string }> {
  const email = uniqueEmail(role);
  const created = await createPortalUser(admin, tenantId, { email, role, password: PORTAL_PASSWORD });
  if (created.status !== 201) throw new Error(`creating a ${role} failed: ${created.status}`);
  const res = await portal(baseUrl, 'POST', '/me/session', { body: { email, password: PORTAL_PASSWORD } });
  if (res.status !== 201) throw new Error(`signing in as ${role} failed: ${res.status}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], userId: created.body.user.id, email };
}
