import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import { CatalogRepository, NewTarget, ProviderRow, RouteRow } from '../catalog/catalog.repository';
import { CatalogService } from '../catalog/catalog.service';
import { baseUrlProblem } from '../catalog/base-url';
import { CreateProviderDto, TargetDto, UpdateProviderDto } from './catalog.dto';
import { modelNameProblem, upstreamModelProblem } from '../catalog/model-names';
import { TenantId } from '@tollgate/contracts';

export interface ProviderView {
  id: string;
  name: string;
  kind: string;
  baseUrl: string;
  hasApiKey: boolean;
  createdAt: string;
}

export interface TargetView {
  providerId: string;
  provider: string;
  upstreamModel: string;
  priority: number;
  weight: number;
  timeoutMs: number | null;
}

export interface RouteView {
  model: string;
  targets: TargetView[];
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
  targets: r.targets.map((t) => ({
    providerId: t.providerId,
    provider: t.provider.name,
    upstreamModel: t.upstreamModel,
    priority: t.priority,
    weight: t.weight,
    timeoutMs: t.timeoutMs,
  })),
  createdAt: r.createdAt.toISOString(),
});

/** The model (path or body) and every upstream model name, by the public edge's rule (see model-names.ts). */
function requireNames(model: string, targets: TargetDto[]): void {
  const problem = modelNameProblem(model);
  if (problem) throw GatewayErrors.invalidRequest(problem, { param: 'model' });
  for (const t of targets) {
    const upstream = upstreamModelProblem(t.upstreamModel);
    if (upstream) throw GatewayErrors.invalidRequest(upstream, { param: 'upstreamModel' });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Prisma's P2003 (or the driver's SQLSTATE 23503): a foreign key refused the write. */
function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  return e?.code === 'P2003' || e?.code === '23503' || e?.meta?.driverAdapterError?.cause?.originalCode === '23503';
}

/** Providers and per-tenant model routes; every write reaches all gateway instances via NATS. */
@Injectable()
export class CatalogAdminService {
  constructor(
    private readonly repo: CatalogRepository,
    private readonly catalog: CatalogService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async createProvider(dto: CreateProviderDto, actor: string): Promise<ProviderView> {
    const row = await this.repo.createProvider(
      {
        name: dto.name,
        kind: dto.kind,
        baseUrl: this.allowedBaseUrl(dto.baseUrl),
        apiKeyEnc: dto.apiKey ? this.catalog.seal(dto.apiKey) : null,
      },
      actor,
    );
    if (!row) throw GatewayErrors.conflict(`A provider named '${dto.name}' already exists.`, { param: 'name' });
    return providerView(row);
  }

  /** Points a provider at another base URL (same rules as on creation); every route through it follows, on every instance. */
  async updateProvider(id: string, dto: UpdateProviderDto, actor: string): Promise<ProviderView> {
    if (!UUID.test(id)) throw GatewayErrors.providerNotFound(id);
    const row = await this.repo.updateProviderBaseUrl(id, this.allowedBaseUrl(dto.baseUrl), actor);
    if (!row) throw GatewayErrors.providerNotFound(id);
    await this.catalog.changed(null);
    return providerView(row);
  }

  /** The base URL as stored (no trailing slash); 400 `forbidden_base_url` for one no upstream may have. */
  private allowedBaseUrl(raw: string): string {
    const problem = baseUrlProblem(raw, this.config.ALLOW_PRIVATE_UPSTREAMS);
    if (problem) throw new GatewayError({ code: 'forbidden_base_url', message: problem, param: 'baseUrl' });
    return raw.replace(/\/+$/, '');
  }

  async listProviders(): Promise<ProviderView[]> {
    return (await this.repo.listProviders()).map(providerView);
  }

  /**
   * Deletes a provider no route uses (its credential goes with it). One a route still has as a
   * target is a 409 naming the routes; the foreign key decides races with a concurrent route write.
   */
  async deleteProvider(id: string, actor: string): Promise<void> {
    if (!UUID.test(id)) throw GatewayErrors.providerNotFound(id);
    await this.refuseIfUsed(id);
    let deleted: boolean;
    try {
      deleted = await this.repo.deleteProvider(id, actor);
    } catch (err) {
      if (!isForeignKeyViolation(err)) throw err;
      await this.refuseIfUsed(id);
      throw GatewayErrors.conflict(`Provider '${id}' was made a route target meanwhile; try again.`, { param: 'id' });
    }
    if (!deleted) throw GatewayErrors.providerNotFound(id);
    await this.catalog.changed(null);
  }

  private async refuseIfUsed(id: string): Promise<void> {
    const routes = await this.repo.routesUsing(id, 6);
    if (!routes.length) return;
    const named = routes
      .slice(0, 5)
      .map((r) => `${r.tenantId}/${r.model}`)
      .join(', ');
    throw GatewayErrors.conflict(
      `Provider '${id}' is a target of ${routes.length > 5 ? 'more than 5 routes' : `${routes.length} route(s)`} (tenant/model: ${named}${routes.length > 5 ? ', ...' : ''}); remove it from them first.`,
      { param: 'id' },
    );
  }

  /** Registers `model` for the tenant with these targets, in order; replaces what was there. Audited as `audit.action` by `audit.actor`. */
  async putRoute(id: string, model: string, targets: TargetDto[], audit: { actor: string; action: 'route.put' | 'targets.put' }): Promise<RouteView> {
    const tenantId = requireTenantId(id);
    requireNames(model, targets);
    const ids = [...new Set(targets.map((t) => t.providerId))];
    const found = new Set((await this.repo.findProviders(ids)).map((p) => p.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing) throw GatewayErrors.providerNotFound(missing, 'providerId');
    const rows: NewTarget[] = targets.map((t) => ({
      providerId: t.providerId,
      upstreamModel: t.upstreamModel,
      priority: t.priority ?? 0,
      weight: t.weight ?? 1,
      timeoutMs: t.timeoutMs ?? null,
    }));
    const row = await this.repo.putRoute(tenantId, model, rows, audit);
    await this.catalog.changed(tenantId);
    return routeView(row);
  }

  async listRoutes(id: string): Promise<RouteView[]> {
    const tenantId = requireTenantId(id);
    return (await this.repo.listRoutes(tenantId)).map(routeView);
  }

  async deleteRoute(id: string, model: string, actor: string): Promise<void> {
    const tenantId = requireTenantId(id);
    if (!(await this.repo.deleteRoute(tenantId, model, actor))) {
      throw new GatewayError({ code: 'route_not_found', message: `No route for model '${model}'.` });
    }
    await this.catalog.changed(tenantId);
  }
}

/** A route's tenant from the admin path, branded; not a uuid is no tenant (404), without repeating what was sent. */
function requireTenantId(id: string): TenantId {
  const parsed = TenantId.safeParse(id);
  if (!parsed.success) throw GatewayErrors.notFound('No tenant with that id.');
  return parsed.data;
}
