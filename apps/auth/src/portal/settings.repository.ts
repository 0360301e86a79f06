import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';
import type { TenantId } from '@tollgate/contracts';

export interface LiveSessionRow {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

/**
 * A signed-in user's own sessions and password. The user id was read within the tenant by the
 * caller (SettingsService resolves the acting user with its tenant id first); every write here
 * names the user, so a session id of another user is never touched.
 */
@Injectable()
export class SettingsRepository {
  constructor(private readonly prisma: PrismaService) {}

  liveSessions(tenantId: TenantId, userId: string, now: Date): Promise<LiveSessionRow[]> {
    return this.prisma.portalSession.findMany({
      where: { userId, user: { tenantId }, revokedAt: null, idleExpiresAt: { gt: now }, absoluteExpiresAt: { gt: now } },
      select: { id: true, createdAt: true, lastSeenAt: true, idleExpiresAt: true, absoluteExpiresAt: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 200,
    });
  }

  /** False when the user has no such live session. */
  async revokeSession(tenantId: TenantId, userId: string, sessionId: string, now: Date): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const revoked = await tx.portalSession.updateMany({ where: { id: sessionId, userId, user: { tenantId }, revokedAt: null }, data: { revokedAt: now } });
      if (revoked.count !== 1) return false;
      await tx.auditEvent.create({ data: { tenantId, actor: `user:${userId}`, action: 'user.session_revoked', details: { userId, sessionId } } });
      return true;
    });
  }

  /** Sets the new hash and ends every other session of the user (the calling one, `keepSessionId`, stays). */
  async changePassword(tenantId: TenantId, userId: string, passwordHash: string, keepSessionId: string, now: Date): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.portalUser.update({ where: { id: userId, tenantId }, data: { passwordHash } });
      await tx.portalSession.updateMany({ where: { userId, revokedAt: null, id: { not: keepSessionId } }, data: { revokedAt: now } });
      await tx.auditEvent.create({ data: { tenantId, actor: `user:${userId}`, action: 'user.password_changed', details: { userId } } });
    });
  }
}
