import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';
import type { TenantId } from '@tollgate/contracts';

export interface TenantRow {
  id: string;
  name: string;
  rpmLimit: number | null;
  tpmLimit: number | null;
  providers: string[];
  budgetMicros: bigint | null;
  budgetPeriod: string | null;
  budgetAlertPercent: number | null;
  reportingTimeZone: string;
  createdAt: Date;
}

/** What PATCH /admin/tenants/{id} may change. */
export interface TenantSettings {
  budgetMicros?: bigint | null;
  budgetPeriod?: string | null;
  budgetAlertPercent?: number | null;
  reportingTimeZone?: string;
}

@Injectable()
export class TenantsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(name: string, actor: string): Promise<TenantRow> {
    return this.prisma.$transaction(async (tx) => {
      const tenant = await tx.tenant.create({ data: { name } });
      await tx.auditEvent.create({ data: { tenantId: tenant.id, actor, action: 'tenant.created', details: { name } } });
      return tenant;
    });
  }

  updateLimits(tenantId: TenantId, limits: { rpmLimit?: number | null; tpmLimit?: number | null }, actor: string): Promise<TenantRow> {
    return this.prisma.$transaction(async (tx) => {
      const tenant = await tx.tenant.update({ where: { id: tenantId }, data: limits });
      await tx.auditEvent.create({ data: { tenantId, actor, action: 'tenant.limits_changed', details: limits } });
      return tenant;
    });
  }

  updateProviders(tenantId: TenantId, providers: string[], actor: string): Promise<TenantRow> {
    return this.prisma.$transaction(async (tx) => {
      const tenant = await tx.tenant.update({ where: { id: tenantId }, data: { providers } });
      await tx.auditEvent.create({ data: { tenantId, actor, action: 'tenant.provider_policy_changed', details: { providers } } });
      return tenant;
    });
  }

  /** Budget and reporting time zone, with the audit event (the new values, money as a decimal string). */
  updateSettings(tenantId: TenantId, data: TenantSettings, actor: string): Promise<TenantRow> {
    return this.prisma.$transaction(async (tx) => {
      const tenant = await tx.tenant.update({ where: { id: tenantId }, data });
      const { budgetMicros, ...rest } = data;
      const details = { ...rest, ...(budgetMicros !== undefined ? { budgetMicros: budgetMicros?.toString() ?? null } : {}) };
      await tx.auditEvent.create({ data: { tenantId, actor, action: 'tenant.settings_changed', details } });
      return tenant;
    });
  }

  findById(tenantId: TenantId): Promise<TenantRow | null> {
    return this.prisma.tenant.findUnique({ where: { id: tenantId } });
  }

  list(limit: number): Promise<TenantRow[]> {
    return this.prisma.tenant.findMany({ orderBy: { createdAt: 'asc' }, take: limit });
  }
}
