import { Injectable } from '@nestjs/common';
import { type TenantId, InviteAcceptReply, PortalRole, PortalUser } from '@tollgate/contracts';
import { AuthError } from '../errors/auth.error';
import { TenantsService } from '../tenants/tenants.service';
import { hashPassword, passwordProblem } from './passwords';
import { PortalUserRow, PortalUsersRepository } from './portal-users.repository';
import { newSecret, sha256Hex } from './tokens';

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

export interface PortalUserView extends PortalUser {
  hasPassword: boolean;
  createdAt: string;
}

export interface CreatedPortalUserView {
  user: PortalUserView;
  /** Only when no password was given: the token is shown here once and stored hashed. */
  invite: { token: string; url: string; expiresAt: string } | null;
}

/** The console page that accepts an invite, relative to the public origin (the gateway serves the console). */
export const inviteUrl = (token: string): string => `/console/accept-invite?token=${token}`;

export const userOf = (r: PortalUserRow): PortalUser => ({ id: r.id, tenantId: r.tenantId, email: r.email, role: r.role as PortalRole });
const view = (r: PortalUserRow): PortalUserView => ({ ...userOf(r), hasPassword: r.passwordHash !== null, createdAt: r.createdAt.toISOString() });

@Injectable()
export class PortalUsersService {
  constructor(
    private readonly users: PortalUsersRepository,
    private readonly tenants: TenantsService,
  ) {}

  async create(
    tenantId: TenantId,
    spec: { email: string; role: PortalRole; password?: string },
    actor: string,
    action?: string,
  ): Promise<CreatedPortalUserView> {
    await this.tenants.require(tenantId);
    const email = spec.email.trim().toLowerCase();
    const passwordHash = spec.password === undefined ? null : await this.hashChecked(spec.password, email);
    const token = passwordHash === null ? newSecret() : null;
    const expiresAt = new Date(Date.now() + INVITE_TTL_MS);
    const invite = token ? { tokenHash: sha256Hex(token), expiresAt } : null;
    const row = await this.users.create(tenantId, { email, role: spec.role, passwordHash, invite }, actor, action);
    if (!row) throw new AuthError('email_taken', 'A portal user with this email already exists.', 'email');
    return {
      user: view(row),
      invite: token ? { token, url: inviteUrl(token), expiresAt: expiresAt.toISOString() } : null,
    };
  }

  async list(tenantId: TenantId): Promise<{ data: PortalUserView[] }> {
    await this.tenants.require(tenantId);
    return { data: (await this.users.list(tenantId)).map(view) };
  }

  async acceptInvite(token: string, password: string): Promise<InviteAcceptReply> {
    const invalid = { ok: false, code: 'invalid_invite', message: 'This invite is invalid, used or expired.' } as const;
    const problem = passwordProblem(password, '');
    if (problem) return { ok: false, code: 'weak_password', message: problem };
    const hash = await hashPassword(password);
    const row = await this.users.acceptInvite(sha256Hex(token), hash, new Date());
    if (!row) return invalid;
    return { ok: true, user: userOf(row) };
  }

  private async hashChecked(password: string, email: string): Promise<string> {
    const problem = passwordProblem(password, email);
    if (problem) throw new AuthError('weak_password', problem, 'password');
    return hashPassword(password);
  }
}
