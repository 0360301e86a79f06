import type { MeActor, PortalUser, Principal } from '@tollgate/contracts';
import type { FastifyRequest } from 'fastify';

/**
 * Who is calling /me: an API key, or a portal user's session (scopes from the user's role).
 * Either way the tenant comes from the credential, never from the request.
 */
export type MeCaller =
  | { kind: 'key'; tenantId: string; scopes: readonly string[]; principal: Principal }
  | { kind: 'session'; tenantId: string; scopes: readonly string[]; user: PortalUser; sessionId: string; timeZone?: string };

export type MeRequest = FastifyRequest & { caller: MeCaller };

/** The caller as auth's /me contracts name it; auth re-reads its bounds (the key's row or the user's role). */
export function actorOf(caller: MeCaller): MeActor {
  if (caller.kind === 'session') return { tenantId: caller.tenantId, userId: caller.user.id };
  const p = caller.principal;
  return { tenantId: p.tenantId, keyId: p.keyId, scopes: p.scopes, models: p.models };
}
