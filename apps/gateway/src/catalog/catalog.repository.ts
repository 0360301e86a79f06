import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';
import type { ModelRoute, Provider } from '../generated/prisma/client';

export type ProviderRow = Provider;
export type RouteRow = ModelRoute & { provider: Provider };

@Injectable()
export class CatalogRepository {
  constructor(private readonly prisma: PrismaService) {}

  createProvider(data: { name: string; kind: string; baseUrl: string; apiKeyEnc: string | null }): Promise<ProviderRow> {
    return this.prisma.provider.create({ data });
  }

  listProviders(): Promise<ProviderRow[]> {
    return this.prisma.provider.findMany({ orderBy: { createdAt: 'asc' } });
  }

  findProvider(id: string): Promise<ProviderRow | null> {
    return this.prisma.provider.findUnique({ where: { id } });
  }

  upsertRoute(tenantId: string, model: string, providerId: string, upstreamModel: string): Promise<RouteRow> {
    return this.prisma.modelRoute.upsert({
      where: { tenantId_model: { tenantId, model } },
      create: { tenantId, model, providerId, upstreamModel },
      update: { providerId, upstreamModel },
      include: { provider: true },
    });
  }

  listRoutes(tenantId: string): Promise<RouteRow[]> {
    return this.prisma.modelRoute.findMany({ where: { tenantId }, include: { provider: true }, orderBy: { model: 'asc' } });
  }

  async deleteRoute(tenantId: string, model: string): Promise<boolean> {
    const { count } = await this.prisma.modelRoute.deleteMany({ where: { tenantId, model } });
    return count > 0;
  }

  /** The whole routing table, for the in-memory snapshot every instance serves from. */
  allRoutes(): Promise<RouteRow[]> {
    return this.prisma.modelRoute.findMany({ include: { provider: true } });
  }
}
