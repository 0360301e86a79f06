import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';
import type { TenantId } from '@tollgate/contracts';

export interface AuditRow {
  id: string;
  tenantId: string;
  actor: string;
  action: string;
  keyId: string | null;
  details: unknown;
  createdAt: Date;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(tenantId: TenantId, limit: number, before?: Date): Promise<AuditRow[]> {
    return this.prisma.auditEvent.findMany({
      where: { tenantId, ...(before ? { createdAt: { lt: before } } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  }

  /** Newest first, strictly after `after` in that order (created_at, then id, both descending). */
  page(tenantId: TenantId, limit: number, after?: { at: Date; id: string }): Promise<AuditRow[]> {
    const older = after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {};
    return this.prisma.auditEvent.findMany({ where: { tenantId, ...older }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
  }

  /** Labels of the tenant's keys among `ids`, deleted ones included (the log outlives them). */
  async keyLabels(tenantId: TenantId, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.prisma.apiKey.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true, label: true } });
    return new Map(rows.map((r) => [r.id, r.label]));
  }

  /** Emails of the tenant's portal users among `ids` (removed users are gone; the entry's details name them). */
  async userEmails(tenantId: TenantId, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.prisma.portalUser.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true, email: true } });
    return new Map(rows.map((r) => [r.id, r.email]));
  }
}
