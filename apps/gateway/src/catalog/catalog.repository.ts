import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';
import type { ModelRoute, Provider, RouteTarget } from '../generated/prisma/client';

export type ProviderRow = Provider;
export type TargetRow = RouteTarget & { provider: Provider };
export type RouteRow = ModelRoute & { targets: TargetRow[] };

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

  createProvider(data: { name: string; kind: string; baseUrl: string; apiKeyEnc: string | null }): Promise<ProviderRow> {
    return this.prisma.provider.create({ data });
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
  async deleteProvider(id: string): Promise<boolean> {
    const { count } = await this.prisma.provider.deleteMany({ where: { id } });
    return count > 0;
  }

  /** Registers `model` for the tenant with exactly these targets (replacing any before). */
  putRoute(tenantId: string, model: string, targets: NewTarget[]): Promise<RouteRow> {
    return this.prisma.$transaction(async (tx) => {
      const route = await tx.modelRoute.upsert({
        where: { tenantId_model: { tenantId, model } },
        create: { tenantId, model },
        update: { updatedAt: new Date() },
      });
      await tx.routeTarget.deleteMany({ where: { routeId: route.id } });
      await tx.routeTarget.createMany({ data: targets.map((t, position) => ({ ...t, routeId: route.id, position })) });
      return tx.modelRoute.findUniqueOrThrow({ where: { id: route.id }, include: withTargets });
    });
  }

  listRoutes(tenantId: string): Promise<RouteRow[]> {
    return this.prisma.modelRoute.findMany({ where: { tenantId }, include: withTargets, orderBy: { model: 'asc' } });
  }

  async deleteRoute(tenantId: string, model: string): Promise<boolean> {
    const { count } = await this.prisma.modelRoute.deleteMany({ where: { tenantId, model } });
    return count > 0;
  }

  /** The whole routing table, for the in-memory snapshot every instance serves from. */
  allRoutes(): Promise<RouteRow[]> {
    return this.prisma.modelRoute.findMany({ include: withTargets });
  }
}
