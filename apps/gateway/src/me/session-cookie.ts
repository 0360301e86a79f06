import { createHash } from 'node:crypto';
import type { PortalUser } from '@tollgate/contracts';

export const COOKIE = 'tollgate_session';
export const SECURE_COOKIE = `__Host-${COOKIE}`;

export interface PublicPortalUser {
  id: string;
  tenant_id: string;
  email: string;
  role: string;
}

export const toPublicUser = (u: PortalUser): PublicPortalUser => ({ id: u.id, tenant_id: u.tenantId, email: u.email, role: u.role });

/** The SHA-256 hex digest auth keys sessions by; the raw id never leaves the gateway after sign-in. */
export const sessionDigest = (sessionId: string): string => createHash('sha256').update(sessionId).digest('hex');

/** `Set-Cookie` for a session: HttpOnly, SameSite=Lax, Path=/; with TLS `Secure` and the `__Host-` prefix. */
export function sessionCookie(sessionId: string, maxAgeSeconds: number, secure: boolean): string {
  const name = secure ? SECURE_COOKIE : COOKIE;
  return `${name}=${sessionId}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export const clearedCookie = (secure: boolean): string => sessionCookie('', 0, secure);

/** The session id from a `Cookie` header (the `__Host-` one first), or null. */
export function sessionIdOf(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  const pairs = cookieHeader.split(';').map((p) => p.trim().split('='));
  const find = (name: string) => pairs.find(([k]) => k === name)?.[1];
  const value = find(SECURE_COOKIE) ?? find(COOKIE);
  return value && /^[A-Za-z0-9_-]{32,128}$/.test(value) ? value : null;
}
