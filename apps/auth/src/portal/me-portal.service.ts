import { Injectable } from '@nestjs/common';
import { grantsScope, HandledRequestOf, PortalMeReply, PortalRole, ROLE_SCOPES, TEAM_SCOPE, TenantId } from '@tollgate/contracts';

/** auth.portal.me.v1 as it arrives, parsed (the actor's tenant id a TenantId). */
type PortalMeRequest = HandledRequestOf<'portalMe'>;
type UserActor = { tenantId: TenantId; userId: string };
import { AuditFeedService } from '../audit/audit-feed.service';
import { AuthError, AuthErrorCode } from '../errors/auth.error';
import { authReply } from '../errors/auth-reply';
import { PortalUserRow, PortalUsersRepository } from './portal-users.repository';
import { SettingsService } from './settings.service';
import { TeamService } from './team.service';

type ReplyCode = Extract<PortalMeReply, { ok: false }>['code'];

function replyCode(code: AuthErrorCode): ReplyCode {
  switch (code) {
    case 'tenant_not_found':
    case 'key_not_found':
    case 'user_not_found':
    case 'session_not_found':
      return 'not_found';
    case 'invalid_request':
      return 'invalid_request';
    case 'weak_password':
      return 'weak_password';
    case 'scope_escalation':
    case 'key_not_manageable':
    case 'not_permitted':
      return 'forbidden';
    case 'key_already_revoked':
    case 'key_already_rotated':
    case 'email_taken':
    case 'last_owner':
      return 'conflict';
  }
}

/**
 * auth.portal.me.v1: the gateway's /me audit log, team and settings, always within the actor's
 * tenant. The acting user is read again here, with its role as it is now: a user removed or
 * demoted a moment ago is refused even if the gateway's session check raced the change.
 */
@Injectable()
export class MePortalService {
  constructor(
    private readonly users: PortalUsersRepository,
    private readonly team: TeamService,
    private readonly settings: SettingsService,
    private readonly audit: AuditFeedService,
  ) {}

  async handle(req: PortalMeRequest): Promise<PortalMeReply> {
    return authReply(() => this.run(req), replyCode);
  }

  private async run(req: PortalMeRequest): Promise<unknown> {
    const tenantId = req.actor.tenantId;
    switch (req.op) {
      case 'audit.list':
        await this.mayReadAudit(req.actor);
        return this.audit.page(tenantId, req.limit, req.cursor);
      case 'users.list':
        await this.owner(req.actor);
        return this.team.list(tenantId);
      case 'users.invite':
        return this.team.invite(tenantId, req.email, req.role, await this.owner(req.actor));
      case 'users.set_role':
        return this.team.setRole(tenantId, req.userId, req.role, await this.owner(req.actor));
      case 'users.remove':
        return this.team.remove(tenantId, req.userId, await this.owner(req.actor));
      case 'users.reset':
        return this.team.reset(tenantId, req.userId, await this.owner(req.actor));
      case 'sessions.list':
        return this.settings.sessions(await this.user(req.actor), req.actor.sessionId);
      case 'sessions.revoke':
        return this.settings.revokeSession(await this.user(req.actor), req.sessionId);
      case 'password.change':
        return this.settings.changePassword(await this.user(req.actor), req.actor.sessionId, req.currentPassword, req.newPassword);
    }
  }

  private async user(actor: UserActor): Promise<PortalUserRow & { role: PortalRole }> {
    const user = await this.users.findActing(actor.tenantId, actor.userId);
    if (!user) throw new AuthError('not_permitted', 'This portal user no longer exists.');
    return user;
  }

  /** The acting owner as the audit log names it (`user:<id>`). */
  private async owner(actor: UserActor): Promise<string> {
    const user = await this.user(actor);
    if (!grantsScope(ROLE_SCOPES[user.role], TEAM_SCOPE)) throw new AuthError('not_permitted', `Your role (${user.role}) cannot manage the team.`);
    return `user:${user.id}`;
  }

  /** A key reads it with `keys:read` (the gateway checked the key's scopes just now); a user, if its role has it now. */
  private async mayReadAudit(actor: PortalMeRequest['actor']): Promise<void> {
    if ('keyId' in actor) return;
    const user = await this.user(actor);
    if (!grantsScope(ROLE_SCOPES[user.role], 'keys:read')) throw new AuthError('not_permitted', `Your role (${user.role}) cannot read the audit log.`);
  }
}
