import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { AdminsError } from './admins.error';
import { PrismaService } from '../infra/prisma.service';

export interface AdminRow {
  id: string;
  email: string;
  passwordHash: string;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface AdminSessionRow {
  id: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  revokedAt: Date | null;
  lastSeenAt: Date;
  admin: AdminRow;
}

/** Admin accounts, their sessions (SHA-256 of the token only) and admin_events, in auth's schema. */
@Injectable()
export class AdminsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findByEmail(email: string): Promise<AdminRow | null> {
    return this.prisma.adminUser.findUnique({ where: { email } });
  }

  listActive(): Promise<AdminRow[]> {
    return this.prisma.adminUser.findMany({ where: { disabledAt: null }, orderBy: { createdAt: 'asc' } });
  }

  /**
   * A new admin, or a removed one restored (same id, new password). Null if an active admin
   * already has the email.
   */
  async create(email: string, passwordHash: string, actor: string): Promise<AdminRow | null> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const existing = await tx.adminUser.findUnique({ where: { email } });
        if (existing && !existing.disabledAt) return null;
        const row = existing
          ? await tx.adminUser.update({ where: { id: existing.id }, data: { passwordHash, disabledAt: null } })
          : await tx.adminUser.create({ data: { email, passwordHash } });
        await tx.adminEvent.create({ data: { actor, action: existing ? 'admin.restored' : 'admin.created', adminId: row.id } });
        return row;
      });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return null;
      throw err;
    }
  }

  /**
   * Disables the admin and ends their sessions; returns the digests of the sessions ended. The
   * active admins are locked first, so two removals at once cannot leave none.
   */
  async remove(id: string, actor: string, now: Date): Promise<string[]> {
    return this.prisma.$transaction(async (tx) => {
      const active = await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM auth.admin_users WHERE disabled_at IS NULL ORDER BY id FOR UPDATE`;
      if (!active.some((a) => a.id === id)) throw new AdminsError({ code: 'admin_not_found', message: 'No such admin.' });
      if (active.length <= 1) throw new AdminsError({ code: 'last_admin', message: 'The last admin cannot be removed; add another admin first.' });
      await tx.adminUser.update({ where: { id }, data: { disabledAt: now } });
      const live = await tx.adminSession.findMany({ where: { adminId: id, revokedAt: null }, select: { idHash: true } });
      await tx.adminSession.updateMany({ where: { adminId: id, revokedAt: null }, data: { revokedAt: now } });
      await tx.adminEvent.create({ data: { actor, action: 'admin.removed', adminId: id } });
      return live.map((s) => s.idHash);
    });
  }

  async createSession(admin: AdminRow, idHash: string, idleExpiresAt: Date, absoluteExpiresAt: Date): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.adminSession.create({ data: { adminId: admin.id, idHash, idleExpiresAt, absoluteExpiresAt } }),
      this.prisma.adminEvent.create({ data: { actor: `admin:${admin.email}`, action: 'admin.signed_in', adminId: admin.id } }),
    ]);
  }

  findSession(idHash: string): Promise<AdminSessionRow | null> {
    return this.prisma.adminSession.findUnique({ where: { idHash }, include: { admin: true } });
  }

  async touchSession(id: string, now: Date, idleExpiresAt: Date): Promise<void> {
    await this.prisma.adminSession.update({ where: { id }, data: { lastSeenAt: now, idleExpiresAt } });
  }

  /** True if a live session was revoked. */
  async revokeSession(idHash: string, now: Date): Promise<boolean> {
    return (await this.prisma.adminSession.updateMany({ where: { idHash, revokedAt: null }, data: { revokedAt: now } })).count === 1;
  }
}
