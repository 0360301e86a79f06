import { Injectable } from '@nestjs/common';
import { asTenantId, PortalMeResult } from '@tollgate/contracts';
import { AuthError } from '../errors/auth.error';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { PortalUserRow } from './portal-users.repository';
import { SettingsRepository } from './settings.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The signed-in user's own sessions and password. `user` is the acting user, read within its tenant. */
@Injectable()
export class SettingsService {
  constructor(private readonly settings: SettingsRepository) {}

  async sessions(user: PortalUserRow, currentSessionId: string | undefined): Promise<PortalMeResult<'sessions.list'>> {
    const rows = await this.settings.liveSessions(asTenantId(user.tenantId), user.id, new Date());
    return {
      data: rows.map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        expiresAt: (s.idleExpiresAt < s.absoluteExpiresAt ? s.idleExpiresAt : s.absoluteExpiresAt).toISOString(),
        current: s.id === currentSessionId,
      })),
    };
  }

  /** Another user's session, or one already ended, is "not found". */
  async revokeSession(user: PortalUserRow, sessionId: string): Promise<PortalMeResult<'sessions.revoke'>> {
    const revoked = UUID.test(sessionId) && (await this.settings.revokeSession(asTenantId(user.tenantId), user.id, sessionId, new Date()));
    if (!revoked) throw new AuthError('session_not_found', `No active session with id '${sessionId}'.`);
    return { revoked: true };
  }

  /** The current password must match; the new one follows the sign-up rules. Every other session ends. */
  async changePassword(user: PortalUserRow, sessionId: string, current: string, next: string): Promise<PortalMeResult<'password.change'>> {
    if (!(await verifyPassword(current, user.passwordHash))) throw new AuthError('invalid_request', 'The current password is incorrect.', 'current_password');
    const problem = passwordProblem(next, user.email);
    if (problem) throw new AuthError('weak_password', problem, 'new_password');
    await this.settings.changePassword(asTenantId(user.tenantId), user.id, await hashPassword(next), sessionId, new Date());
    return { changed: true };
  }
}
