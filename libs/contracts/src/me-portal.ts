import { z } from 'zod';
import { TenantId } from './tenant-id';
import { MeActor } from './me-keys';
import { PortalRole } from './portal';

/**
 * auth.portal.me.v1: the gateway's /me audit log, team and settings. Team and settings ops act
 * as a portal user (auth re-reads the user and its role); the audit log is readable by a key too.
 * `sessionId` is the calling session (auth's row id, from sessions.verify), for "current" and
 * for keeping the calling session alive when the password changes.
 */
export const PortalMeActor = z.object({ tenantId: TenantId, userId: z.string().uuid(), sessionId: z.string().uuid().optional() });
/** As a sender builds it (a tenant id is a plain string; parsed, it is a TenantId). */
export type PortalMeActor = z.input<typeof PortalMeActor>;

/** Ids from URL paths travel as given; auth treats a malformed one as not found. */
const PathId = z.string().min(1).max(200);

export const PortalMeRequest = z.discriminatedUnion('op', [
  z.object({ op: z.literal('audit.list'), actor: MeActor, cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(200) }),
  z.object({ op: z.literal('users.list'), actor: PortalMeActor }),
  z.object({ op: z.literal('users.invite'), actor: PortalMeActor, email: z.string().email().max(320), role: PortalRole }),
  z.object({ op: z.literal('users.set_role'), actor: PortalMeActor, userId: PathId, role: PortalRole }),
  z.object({ op: z.literal('users.remove'), actor: PortalMeActor, userId: PathId }),
  z.object({ op: z.literal('users.reset'), actor: PortalMeActor, userId: PathId }),
  z.object({ op: z.literal('sessions.list'), actor: PortalMeActor }),
  z.object({ op: z.literal('sessions.revoke'), actor: PortalMeActor, sessionId: PathId }),
  z.object({
    op: z.literal('password.change'),
    actor: PortalMeActor.required({ sessionId: true }),
    currentPassword: z.string().max(1024),
    newPassword: z.string().max(1024),
  }),
]);
/** As the gateway sends it (auth's handler gets it parsed: HandledRequestOf<'portalMe'>). */
export type PortalMeRequest = z.input<typeof PortalMeRequest>;
export type PortalMeOp = PortalMeRequest['op'];

const At = z.string().datetime();

export const TeamMember = z.object({ id: z.string().uuid(), email: z.string(), role: PortalRole, status: z.enum(['active', 'invited']), createdAt: At });
export type TeamMember = z.infer<typeof TeamMember>;

export const AuditEntry = z.object({
  id: z.string().uuid(),
  at: At,
  action: z.string(),
  actor: z.object({ type: z.enum(['user', 'key', 'admin']), id: z.string(), name: z.string() }),
  target: z.object({ type: z.enum(['key', 'user']), id: z.string(), name: z.string() }).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const PortalSessionView = z.object({ id: z.string().uuid(), createdAt: At, lastSeenAt: At, expiresAt: At, current: z.boolean() });
export type PortalSessionView = z.infer<typeof PortalSessionView>;

/** A one-time link to set a password (relative to the public origin): `/console/accept-invite?token=…`. */
const InviteLink = z.object({ inviteUrl: z.string(), expiresAt: At });

/** Each op's result; the gateway parses a reply's `result` with the schema of the op it sent. */
export const PortalMeResults = {
  'audit.list': z.object({ data: z.array(AuditEntry), nextCursor: z.string().nullable() }),
  'users.list': z.object({ data: z.array(TeamMember) }),
  'users.invite': InviteLink.extend({ user: TeamMember }),
  'users.set_role': TeamMember,
  'users.remove': z.object({ removed: z.literal(true) }),
  'users.reset': InviteLink,
  'sessions.list': z.object({ data: z.array(PortalSessionView) }),
  'sessions.revoke': z.object({ revoked: z.literal(true) }),
  'password.change': z.object({ changed: z.literal(true) }),
} as const satisfies Record<PortalMeOp, z.ZodType>;
export type PortalMeResult<O extends PortalMeOp> = z.infer<(typeof PortalMeResults)[O]>;

/**
 * forbidden: the acting user is gone or its role no longer allows the op; conflict: the last owner
 * would be demoted or removed, or the email is taken; weak_password: the new password breaks the rules.
 */
export const PortalMeReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    code: z.enum(['not_found', 'invalid_request', 'forbidden', 'conflict', 'weak_password']),
    message: z.string(),
    param: z.string().nullable(),
  }),
]);
export type PortalMeReply = z.infer<typeof PortalMeReply>;
