import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';
import { Prisma, type CatalogAuditEvent, type ModelRoute, type Provider, type RouteTarget } from '../generated/prisma/client';
import { CatalogAuditAction, providerDetails, recordAudit, targetDetails } from './catalog-audit';
import type { TenantId } from '@tollgate/contracts';

export type ProviderRow = Provider;
export type TargetRow = RouteTarget & { provider: Provider };
export type RouteRow = ModelRoute & { targets: TargetRow[] };
export type AuditRow = CatalogAuditEvent;

/** A page of the catalog audit: newest first, optionally one tenant's, strictly older than a cursor. */
export interface AuditQuery {
  tenantId?: string;
  limit: number;
  before?: { at: Date; id?: string };
}

export interface NewTarget {
  providerId: string;
  upstreamModel: string;
  priority: number;
  weight: number;
  timeoutMs: number | null;
}

const withTargets = { targets: { include: { provider: true }, orderBy: { position: 'asc' as const } } };

/** Providers are installation-wide; routes (a model's registration and targets) always by tenant. */
@Injectable()
export class CatalogRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates the provider and its `provider.created` audit line in one transaction. */
  /** The new provider, or null when one of that name exists already (names are unique). */
  async createProvider(data: { name: string; kind: string; baseUrl: string; apiKeyEnc: string | null }, actor: string): Promise<ProviderRow | null> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const row = await tx.provider.create({ data });
        await recordAudit(tx, { actor, action: 'provider.created', tenantId: null, target: row.id, details: providerDetails(row) });
        return row;
      });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return null;
      throw err;
    }
  }

  /**
   * Points the provider at another base URL and records `provider.updated` (the provider as it is
   * now, and the base URL it had) in one transaction; null when there is no such provider.
   */
  updateProviderBaseUrl(id: string, baseUrl: string, actor: string): Promise<ProviderRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.provider.findUnique({ where: { id } });
      if (!before) return null;
      const { count } = await tx.provider.updateMany({ where: { id }, data: { baseUrl } });
      if (count === 0) return null; // deleted meanwhile
      const row = { ...before, baseUrl };
      const details = { ...providerDetails(row), previousBaseUrl: before.baseUrl };
      await recordAudit(tx, { actor, action: 'provider.updated', tenantId: null, target: id, details });
      return row;
    });
  }

  listProviders(): Promise<ProviderRow[]> {
    return this.prisma.provider.findMany({ orderBy: { createdAt: 'asc' } });
  }

  findProviders(ids: string[]): Promise<ProviderRow[]> {
    return this.prisma.provider.findMany({ where: { id: { in: ids } } });
  }

  /** The routes (tenant and model) with a target on this provider, at most `limit`. */
  routesUsing(providerId: string, limit: number): Promise<{ tenantId: string; model: string }[]> {
    return this.prisma.modelRoute.findMany({
      where: { targets: { some: { providerId } } },
      select: { tenantId: true, model: true },
      orderBy: [{ tenantId: 'asc' }, { model: 'asc' }],
      take: limit,
    });
  }

  /**
   * Deletes the provider; false when there is none. The foreign key from route targets (ON DELETE
   * RESTRICT) refuses it while a target uses it, even one written concurrently.
   */
  deleteProvider(id: string, actor: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.provider.findUnique({ where: { id } });
      if (!row) return false;
      const { count } = await tx.provider.deleteMany({ where: { id } });
      if (count === 0) return false;
      await recordAudit(tx, { actor, action: 'provider.deleted', tenantId: null, target: id, details: providerDetails(row) });
      return true;
    });
  }

  /** Registers `model` for the tenant with exactly these targets (replacing any before); audited as `action` with the targets before and after. */
  putRoute(tenantId: TenantId, model: string, targets: NewTarget[], audit: { actor: string; action: CatalogAuditAction }): Promise<RouteRow> {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.routeTarget.findMany({ where: { route: { tenantId, model } }, orderBy: { position: 'asc' } });
      const route = await tx.modelRoute.upsert({
        where: { tenantId_model: { tenantId, model } },
        create: { tenantId, model },
        update: { updatedAt: new Date() },
      });
      await tx.routeTarget.deleteMany({ where: { routeId: route.id } });
      await tx.routeTarget.createMany({ data: targets.map((t, position) => ({ ...t, routeId: route.id, position })) });
      const details = { targets: targetDetails(targets), previousTargets: before.length ? targetDetails(before) : null };
      await recordAudit(tx, { ...audit, tenantId, target: model, details });
      return tx.modelRoute.findUniqueOrThrow({ where: { id: route.id }, include: withTargets });
    });
  }

  listRoutes(tenantId: TenantId): Promise<RouteRow[]> {
    return this.prisma.modelRoute.findMany({ where: { tenantId }, include: withTargets, orderBy: { model: 'asc' } });
  }

  /** Deletes the tenant's route for `model` and records `route.deleted` with the targets it had; false when there was none. */
  deleteRoute(tenantId: TenantId, model: string, actor: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.routeTarget.findMany({ where: { route: { tenantId, model } }, orderBy: { position: 'asc' } });
      const { count } = await tx.modelRoute.deleteMany({ where: { tenantId, model } });
      if (count === 0) return false;
      await recordAudit(tx, { actor, action: 'route.deleted', tenantId, target: model, details: { previousTargets: targetDetails(before) } });
      return true;
    });
  }

  /** The catalog audit, newest first (ties by id); one tenant's when `tenantId` is given. */
  auditPage(q: AuditQuery): Promise<AuditRow[]> {
    const older = q.before
      ? q.before.id
        ? { OR: [{ occurredAt: { lt: q.before.at } }, { occurredAt: q.before.at, id: { lt: q.before.id } }] }
        : { occurredAt: { lt: q.before.at } }
      : {};
    return this.prisma.catalogAuditEvent.findMany({
      where: { ...(q.tenantId ? { tenantId: q.tenantId } : {}), ...older },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: q.limit,
    });
  }

  findAuditEvent(id: string): Promise<AuditRow | null> {
    return this.prisma.catalogAuditEvent.findUnique({ where: { id } });
  }

  /** The whole routing table, for the in-memory snapshot every instance serves from. */
  allRoutes(): Promise<RouteRow[]> {
    return this.prisma.modelRoute.findMany({ include: withTargets });
  }
}
