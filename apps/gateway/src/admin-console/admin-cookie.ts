import { isAdminSessionToken } from '@tollgate/server';

/** The admin console's session cookie: auth's `tgadm_…` token, which no script in the page can read. */
export const ADMIN_COOKIE = 'tollgate_admin';
export const SECURE_ADMIN_COOKIE = `__Host-${ADMIN_COOKIE}`;

/** `Set-Cookie` for the token: HttpOnly, SameSite=Strict, Path=/; with TLS `Secure` and the `__Host-` prefix. */
export function adminCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const name = secure ? SECURE_ADMIN_COOKIE : ADMIN_COOKIE;
  return `${name}=${token}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export const clearedAdminCookie = (secure: boolean): string => adminCookie('', 0, secure);

/** The admin session token from a `Cookie` header (the `__Host-` one first), or null; nothing else shaped is ever sent on. */
export function adminTokenOf(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  const pairs = cookieHeader.split(';').map((p) => p.trim().split('='));
  const find = (name: string) => pairs.find(([k]) => k === name)?.[1];
  const value = find(SECURE_ADMIN_COOKIE) ?? find(ADMIN_COOKIE);
  return value && isAdminSessionToken(value) ? value : null;
}
