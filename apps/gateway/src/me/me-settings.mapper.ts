import { z } from 'zod';
import type { PortalMeResult, PortalSessionView } from '@tollgate/contracts';

/** /me/sessions and /me/password on the wire (snake_case). */

export interface PublicSession {
  id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  /** The session this request came with. */
  current: boolean;
}

export interface PublicSessionList {
  object: 'list';
  data: PublicSession[];
}

const toPublicSession = (s: PortalSessionView): PublicSession => ({
  id: s.id,
  created_at: s.createdAt,
  last_seen_at: s.lastSeenAt,
  expires_at: s.expiresAt,
  current: s.current,
});

export const toPublicSessionList = (r: PortalMeResult<'sessions.list'>): PublicSessionList => ({ object: 'list', data: r.data.map(toPublicSession) });

/** POST /me/password. Lengths past these are refused by auth's rules anyway; these only bound the message. */
export const PasswordBody = z.strictObject({ current_password: z.string().min(1).max(1024), new_password: z.string().min(1).max(1024) });
