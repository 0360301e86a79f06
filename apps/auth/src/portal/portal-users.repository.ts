import { Injectable } from '@nestjs/common';
import { type TenantId, PortalRole } from '@tollgate/contracts';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../infra/prisma.service';

export interface PortalUserRow {
  id: string;
  tenantId: string;
  email: string;
  role: string;
  passwordHash: string | null;
  createdAt: Date;
}

export interface NewPortalUser {
  email: string;
  role: string;
  passwordHash: string | null;
  invite: { tokenHash: string; expiresAt: Date } | null;
}

/** Portal users, their invites and the audit entries for both. Every tenant-scoped read takes the tenant id. */
@Injectable()
export class PortalUsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Null when the email is taken (by any tenant). `action` names the audit event (an owner's invite is `user.invited`). */
  async create(tenantId: TenantId, user: NewPortalUser, actor: string, action = 'portal_user.created'): Promise<PortalUserRow | null> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const row = await tx.portalUser.create({ data: { tenantId, email: user.email, role: user.role, passwordHash: user.passwordHash } });
        if (user.invite) await tx.portalInvite.create({ data: { userId: row.id, ...user.invite } });
        const details = { userId: row.id, email: row.email, role: row.role, invited: user.invite !== null };
        await tx.auditEvent.create({ data: { tenantId, actor, action, details } });
        return row;
      });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return null;
      throw err;
    }
  }

  list(tenantId: TenantId): Promise<PortalUserRow[]> {
    return this.prisma.portalUser.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' }, take: 1000 });
  }

  findById(tenantId: TenantId, id: string): Promise<PortalUserRow | null> {
    return this.prisma.portalUser.findFirst({ where: { id, tenantId } });
  }

  /** The user acting through /me, with its role as it is now; null if removed (or its role is unknown). */
  async findActing(tenantId: TenantId, id: string): Promise<(PortalUserRow & { role: PortalRole }) | null> {
    const user = await this.findById(tenantId, id);
    const role = PortalRole.safeParse(user?.role);
    return user && role.success ? { ...user, role: role.data } : null;
  }

  findByEmail(email: string): Promise<PortalUserRow | null> {
    return this.prisma.portalUser.findUnique({ where: { email } });
  }

  /** Uses a live invite once: sets the password and ends every session of the user. Null if the invite is unknown, used or expired. */
  acceptInvite(tokenHash: string, passwordHash: string, now: Date): Promise<PortalUserRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const used = await tx.portalInvite.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
      if (used.count !== 1) return null;
      const invite = await tx.portalInvite.findUniqueOrThrow({ where: { tokenHash } });
      const user = await tx.portalUser.update({ where: { id: invite.userId }, data: { passwordHash } });
      await tx.portalSession.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now } });
      const details = { userId: user.id, email: user.email };
      await tx.auditEvent.create({ data: { tenantId: user.tenantId, actor: `user:${user.id}`, action: 'portal_user.invite_accepted', details } });
      return user;
    });
  }
}
