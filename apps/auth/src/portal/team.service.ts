import { Injectable } from '@nestjs/common';
import { type TenantId, PortalMeResult, PortalRole, TeamMember } from '@tollgate/contracts';
import { AuthError } from '../errors/auth.error';
import { PortalUserRow, PortalUsersRepository } from './portal-users.repository';
import { INVITE_TTL_MS, inviteUrl, PortalUsersService } from './portal-users.service';
import { TeamChange, TeamRepository } from './team.repository';
import { newSecret, sha256Hex } from './tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const memberOf = (r: PortalUserRow): TeamMember => ({
  id: r.id,
  email: r.email,
  role: r.role as PortalRole,
  status: r.passwordHash === null ? 'invited' : 'active',
  createdAt: r.createdAt.toISOString(),
});

/** An owner manages the tenant's portal users: invite, change role, remove, reset a password. `actor` is `user:<id>`. */
@Injectable()
export class TeamService {
  constructor(
    private readonly users: PortalUsersRepository,
    private readonly portalUsers: PortalUsersService,
    private readonly team: TeamRepository,
  ) {}

  async list(tenantId: TenantId): Promise<PortalMeResult<'users.list'>> {
    return { data: (await this.users.list(tenantId)).map(memberOf) };
  }

  /** The one-time invite link is in this answer only; auth keeps its SHA-256. */
  async invite(tenantId: TenantId, email: string, role: PortalRole, actor: string): Promise<PortalMeResult<'users.invite'>> {
    const created = await this.portalUsers.create(tenantId, { email, role }, actor, 'user.invited');
    if (!created.invite) throw new Error('an invite without a password must carry an invite');
    const { user } = created;
    return {
      user: { id: user.id, email: user.email, role: user.role, status: user.hasPassword ? 'active' : 'invited', createdAt: user.createdAt },
      inviteUrl: created.invite.url,
      expiresAt: created.invite.expiresAt,
    };
  }

  async setRole(tenantId: TenantId, userId: string, role: PortalRole, actor: string): Promise<TeamMember> {
    return memberOf(done(UUID.test(userId) ? await this.team.setRole(tenantId, userId, role, actor) : null, userId, 'demote'));
  }

  async remove(tenantId: TenantId, userId: string, actor: string): Promise<PortalMeResult<'users.remove'>> {
    done(UUID.test(userId) ? await this.team.remove(tenantId, userId, actor) : null, userId, 'remove');
    return { removed: true };
  }

  async reset(tenantId: TenantId, userId: string, actor: string): Promise<PortalMeResult<'users.reset'>> {
    const token = newSecret();
    const expiresAt = new Date(Date.now() + INVITE_TTL_MS);
    const change = UUID.test(userId) ? await this.team.reset(tenantId, userId, { tokenHash: sha256Hex(token), expiresAt }, actor, new Date()) : null;
    done(change, userId, 'reset');
    return { inviteUrl: inviteUrl(token), expiresAt: expiresAt.toISOString() };
  }
}

function done<T>(change: TeamChange<T> | null, userId: string, verb: string): T {
  if (change?.ok) return change.value;
  if (change?.reason === 'last_owner') throw new AuthError('last_owner', `You cannot ${verb} the last owner; make another member an owner first.`);
  throw new AuthError('user_not_found', `No team member with id '${userId}'.`);
}
