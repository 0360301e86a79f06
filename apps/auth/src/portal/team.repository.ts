import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../infra/prisma.service';
import { PortalUserRow } from './portal-users.repository';
import type { TenantId } from '@tollgate/contracts';

type Tx = Prisma.TransactionClient;

/** What a team change came to: done (with the row), no such user in the tenant, or it would leave the tenant without an owner. */
export type TeamChange<T> = { ok: true; value: T } | { ok: false; reason: 'not_found' | 'last_owner' };

const NOT_FOUND = { ok: false, reason: 'not_found' } as const;
const LAST_OWNER = { ok: false, reason: 'last_owner' } as const;

/**
 * An owner's changes to the team. Every method takes the tenant id; each change is written with its
 * audit event in one transaction, under a lock on the tenant's row so that two owners demoting
 * each other at once cannot leave the tenant with none.
 */
@Injectable()
export class TeamRepository {
  constructor(private readonly prisma: PrismaService) {}

  setRole(tenantId: TenantId, userId: string, role: string, actor: string): Promise<TeamChange<PortalUserRow>> {
    return this.prisma.$transaction(async (tx) => {
      const user = await this.lockedUser(tx, tenantId, userId);
      if (!user) return NOT_FOUND;
      if (user.role === role) return { ok: true, value: user };
      if (user.role === 'owner' && (await this.owners(tx, tenantId)) <= 1) return LAST_OWNER;
      const row = await tx.portalUser.update({ where: { id: user.id, tenantId }, data: { role } });
      await this.audit(tx, tenantId, actor, 'user.role_changed', { userId: user.id, email: user.email, from: user.role, to: role });
      return { ok: true, value: row };
    });
  }

  /** Deletes the user; its sessions and invites go with it (cascade), so its next call is refused. */
  remove(tenantId: TenantId, userId: string, actor: string): Promise<TeamChange<PortalUserRow>> {
    return this.prisma.$transaction(async (tx) => {
      const user = await this.lockedUser(tx, tenantId, userId);
      if (!user) return NOT_FOUND;
      if (user.role === 'owner' && (await this.owners(tx, tenantId)) <= 1) return LAST_OWNER;
      await tx.portalUser.delete({ where: { id: user.id, tenantId } });
      await this.audit(tx, tenantId, actor, 'user.removed', { userId: user.id, email: user.email, role: user.role });
      return { ok: true, value: user };
    });
  }

  /** Clears the password, replaces any unused invite with this one and ends every session of the user. */
  reset(tenantId: TenantId, userId: string, invite: { tokenHash: string; expiresAt: Date }, actor: string, now: Date): Promise<TeamChange<PortalUserRow>> {
    return this.prisma.$transaction(async (tx) => {
      const user = await this.lockedUser(tx, tenantId, userId);
      if (!user) return NOT_FOUND;
      const row = await tx.portalUser.update({ where: { id: user.id, tenantId }, data: { passwordHash: null } });
      await tx.portalInvite.deleteMany({ where: { userId: user.id, usedAt: null } });
      await tx.portalInvite.create({ data: { userId: user.id, ...invite } });
      await tx.portalSession.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now } });
      await this.audit(tx, tenantId, actor, 'user.password_reset', { userId: user.id, email: user.email });
      return { ok: true, value: row };
    });
  }

  private async lockedUser(tx: Tx, tenantId: TenantId, userId: string): Promise<PortalUserRow | null> {
    await tx.$queryRaw`SELECT id FROM auth.tenants WHERE id = ${tenantId}::uuid FOR UPDATE`;
    return tx.portalUser.findFirst({ where: { id: userId, tenantId } });
  }

  private owners(tx: Tx, tenantId: TenantId): Promise<number> {
    return tx.portalUser.count({ where: { tenantId, role: 'owner' } });
  }

  private async audit(tx: Tx, tenantId: TenantId, actor: string, action: string, details: Prisma.InputJsonObject): Promise<void> {
    await tx.auditEvent.create({ data: { tenantId, actor, action, details } });
  }
}
