import { z } from 'zod';
import { TenantId } from './tenant-id';
import { SCOPES } from './auth';

/** Customer-portal roles; each maps to the scopes its sessions hold on /me/* (ROLE_SCOPES). */
export const PORTAL_ROLES = ['owner', 'developer', 'billing', 'viewer'] as const;
export const PortalRole = z.enum(PORTAL_ROLES);
export type PortalRole = z.infer<typeof PortalRole>;

/** Team management: held by owners' sessions only; no API key can carry it. */
export const TEAM_SCOPE = 'team:manage';

/**
 * A portal session's scopes, from its user's role. The key scopes among them bound the keys the
 * user may create (auth checks them against the user's role as it is now, not as the gateway saw it).
 */
export const ROLE_SCOPES: Record<PortalRole, readonly string[]> = {
  owner: [...SCOPES, TEAM_SCOPE],
  developer: ['chat:write', 'embeddings:write', 'models:read', 'keys:manage', 'keys:read', 'usage:read'],
  billing: ['billing:read', 'billing:write', 'usage:read'],
  viewer: ['models:read', 'keys:read', 'usage:read'],
};

const Digest = z.string().regex(/^[0-9a-f]{64}$/);

export const PortalUser = z.object({
  id: z.string().uuid(),
  tenantId: TenantId,
  email: z.string(),
  role: PortalRole,
});
/** As a sender builds it (a tenant id is a plain string; parsed, it is a TenantId). */
export type PortalUser = z.input<typeof PortalUser>;

/** auth.sessions.create.v1: sign-in. `address` is the caller's IP, for per-address throttling. */
export const SessionCreateRequest = z.object({
  email: z.string().max(320),
  password: z.string().max(1024),
  address: z.string().max(64),
});
export type SessionCreateRequest = z.infer<typeof SessionCreateRequest>;

/** The raw session id travels once, in this reply; auth keeps only its SHA-256. */
export const SessionCreateReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), sessionId: z.string().min(32), user: PortalUser, absoluteExpiresAt: z.string().datetime() }),
  z.object({ ok: z.literal(false), code: z.enum(['invalid_credentials', 'rate_limited']), retryAfterSeconds: z.number().int().nonnegative() }),
]);
/** As auth answers it (the gateway gets it parsed: ReplyOf). */
export type SessionCreateReply = z.input<typeof SessionCreateReply>;

/** auth.sessions.verify.v1: the SHA-256 hex digest of the cookie value, never the value. */
export const SessionVerifyRequest = z.object({ digest: Digest });
export const SessionVerifyReply = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    user: PortalUser,
    sessionId: z.string().uuid(),
    /** The tenant's reporting time zone (IANA): statement months and usage days follow it. */
    timeZone: z.string().optional(),
  }),
  z.object({ ok: z.literal(false) }),
]);
/** As auth answers it (the gateway gets it parsed: ReplyOf). */
export type SessionVerifyReply = z.input<typeof SessionVerifyReply>;

/** auth.sessions.revoke.v1: sign-out. `revoked` is false when there was no live session. */
export const SessionRevokeRequest = z.object({ digest: Digest });
export const SessionRevokeReply = z.object({ revoked: z.boolean() });

/** auth.invites.accept.v1: set the password of an invited user with the one-time token. */
export const InviteAcceptRequest = z.object({ token: z.string().max(200), password: z.string().max(1024) });
export const InviteAcceptReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), user: PortalUser }),
  z.object({ ok: z.literal(false), code: z.enum(['invalid_invite', 'weak_password']), message: z.string() }),
]);
/** As auth answers it (the gateway gets it parsed: ReplyOf). */
export type InviteAcceptReply = z.input<typeof InviteAcceptReply>;
