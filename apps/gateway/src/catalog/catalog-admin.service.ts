import { Injectable } from '@nestjs/common';
import { GatewayError } from '../errors/gateway.error';
import { CatalogRepository, ProviderRow, RouteRow } from './catalog.repository';
import { CatalogService } from './catalog.service';
import { baseUrlProblem } from './base-url';
import { CreateProviderDto, PutRouteDto } from './catalog.dto';

export interface ProviderView {
  id: string;
  name: string;
  kind: string;
  baseUrl: string;
  hasApiKey: boolean;
  createdAt: string;
}

export interface RouteView {
  model: string;
  providerId: string;
  provider: string;
  upstreamModel: string;
  createdAt: string;
}

const providerView = (p: ProviderRow): ProviderView => ({
  id: p.id,
  name: p.name,
  kind: p.kind,
  baseUrl: p.baseUrl,
  hasApiKey: p.apiKeyEnc !== null,
  createdAt: p.createdAt.toISOString(),
});

const routeView = (r: RouteRow): RouteView => ({
  model: r.model,
  providerId: r.providerId,
  provider: r.provider.name,
  upstreamModel: r.upstreamModel,
  createdAt: r.createdAt.toISOString(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Providers and per-tenant model routes; every write reaches all gateway instances via NATS. */
@Injectable()
export class CatalogAdminService {
  constructor(
    private readonly repo: CatalogRepository,
    private readonly catalog: CatalogService,
  ) {}

  async createProvider(dto: CreateProviderDto): Promise<ProviderView> {
    const problem = baseUrlProblem(dto.baseUrl);
    if (problem) throw new GatewayError('forbidden_base_url', problem, 'baseUrl');
    const row = await this.repo.createProvider({
      name: dto.name,
      kind: dto.kind,
      baseUrl: dto.baseUrl.replace(/\/+$/, ''),
      apiKeyEnc: dto.apiKey ? this.catalog.seal(dto.apiKey) : null,
    });
    return providerView(row);
  }

  async listProviders(): Promise<ProviderView[]> {
    return (await this.repo.listProviders()).map(providerView);
  }

  async putRoute(tenantId: string, dto: PutRouteDto): Promise<RouteView> {
    this.requireTenantId(tenantId);
    if (!(await this.repo.findProvider(dto.providerId))) {
      throw new GatewayError('provider_not_found', `No provider with id '${dto.providerId}'.`, 'providerId');
    }
    const row = await this.repo.upsertRoute(tenantId, dto.model, dto.providerId, dto.upstreamModel);
    await this.catalog.changed(tenantId);
    return routeView(row);
  }

  async listRoutes(tenantId: string): Promise<RouteView[]> {
    this.requireTenantId(tenantId);
    return (await this.repo.listRoutes(tenantId)).map(routeView);
  }

  async deleteRoute(tenantId: string, model: string): Promise<void> {
    this.requireTenantId(tenantId);
    if (!(await this.repo.deleteRoute(tenantId, model))) {
      throw new GatewayError('route_not_found', `No route for model '${model}'.`);
    }
    await this.catalog.changed(tenantId);
  }

  private requireTenantId(tenantId: string): void {
    if (!UUID.test(tenantId)) throw new GatewayError('not_found', `No tenant with id '${tenantId}'.`);
  }
}
