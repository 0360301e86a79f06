import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';
import { PortalUserRow } from './portal-users.repository';

export interface SessionRow {
  id: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  revokedAt: Date | null;
  lastSeenAt: Date;
  user: PortalUserRow & { tenant: { reportingTimeZone: string } };
}

@Injectable()
export class SessionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(user: PortalUserRow, idHash: string, idleExpiresAt: Date, absoluteExpiresAt: Date): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.portalSession.create({ data: { userId: user.id, idHash, idleExpiresAt, absoluteExpiresAt } }),
      this.prisma.auditEvent.create({
        data: { tenantId: user.tenantId, actor: `user:${user.id}`, action: 'portal_user.signed_in', details: { userId: user.id } },
      }),
    ]);
  }

  findByHash(idHash: string): Promise<SessionRow | null> {
    return this.prisma.portalSession.findUnique({ where: { idHash }, include: { user: { include: { tenant: { select: { reportingTimeZone: true } } } } } });
  }

  async touch(id: string, now: Date, idleExpiresAt: Date): Promise<void> {
    await this.prisma.portalSession.update({ where: { id }, data: { lastSeenAt: now, idleExpiresAt } });
  }

  /** True if a live session was revoked. */
  async revoke(idHash: string, now: Date): Promise<boolean> {
    return (await this.prisma.portalSession.updateMany({ where: { idHash, revokedAt: null }, data: { revokedAt: now } })).count === 1;
  }
}
