import { z } from 'zod';

/**
 * Admin sessions: operators sign in to auth's admin API and present the token to every admin API
 * (auth, billing, the gateway's admin port) as `Authorization: Bearer <token>`. Only auth keeps
 * sessions; the others ask it with the token's SHA-256 hex digest, never the token.
 */
export const ADMIN_SESSION_TOKEN_PREFIX = 'tgadm_';

const Digest = z.string().regex(/^[0-9a-f]{64}$/);

export const AdminIdentity = z.object({ id: z.string().uuid(), email: z.string().max(320) });
export type AdminIdentity = z.infer<typeof AdminIdentity>;

/** auth.admins.verify.v1: is this a live admin session, and whose? */
export const AdminVerifyRequest = z.object({ digest: Digest });
export type AdminVerifyRequest = z.infer<typeof AdminVerifyRequest>;
export const AdminVerifyReply = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), admin: AdminIdentity }), z.object({ ok: z.literal(false) })]);
export type AdminVerifyReply = z.infer<typeof AdminVerifyReply>;

/** auth.admins.sessions-ended.v1: these sessions ended (sign-out, admin removed); drop them from every cache now. */
export const AdminSessionsEnded = z.object({ digests: z.array(Digest).max(10_000) });
export type AdminSessionsEnded = z.infer<typeof AdminSessionsEnded>;
