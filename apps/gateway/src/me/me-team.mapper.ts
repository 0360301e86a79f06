import { z } from 'zod';
import { PortalMeResult, PortalRole, TeamMember } from '@tollgate/contracts';

/** /me/users on the wire (snake_case); auth's camelCase team views are mapped here, once. */

export interface PublicMember {
  id: string;
  email: string;
  role: PortalRole;
  status: 'active' | 'invited';
  created_at: string;
}

export interface PublicMemberList {
  object: 'list';
  data: PublicMember[];
}

/** The invite link is shown in this answer only. */
export interface PublicInvite {
  user: PublicMember;
  invite_url: string;
  expires_at: string;
}

export interface PublicReset {
  invite_url: string;
  expires_at: string;
}

export const toPublicMember = (m: TeamMember): PublicMember => ({ id: m.id, email: m.email, role: m.role, status: m.status, created_at: m.createdAt });

export const toPublicMemberList = (r: PortalMeResult<'users.list'>): PublicMemberList => ({ object: 'list', data: r.data.map(toPublicMember) });

export const toPublicInvite = (r: PortalMeResult<'users.invite'>): PublicInvite => ({
  user: toPublicMember(r.user),
  invite_url: r.inviteUrl,
  expires_at: r.expiresAt,
});

export const toPublicReset = (r: PortalMeResult<'users.reset'>): PublicReset => ({ invite_url: r.inviteUrl, expires_at: r.expiresAt });

/** POST /me/users. Emails are compared lower-cased; auth stores them so. */
export const InviteBody = z.strictObject({ email: z.string().trim().toLowerCase().email().max(320), role: PortalRole });

/** PATCH /me/users/{id}. */
export const RoleBody = z.strictObject({ role: PortalRole });
