import { Injectable } from '@nestjs/common';
import type { HealthTarget } from '@tollgate/contracts';
import { CatalogService, ResolvedRoute } from '../catalog/catalog.service';
import { reachableModels } from '../routing/access';
import { BillingClient } from './billing-client';
import type { MeCaller } from './me-caller';
import { PublicModelHealthList, toPublicModelHealth } from './me-health.mapper';

/** The targets of a route's first priority: calls they serve are not a fallback's. Heaviest first. */
export function primariesOf(route: ResolvedRoute): HealthTarget[] {
  if (!route.targets.length) return [];
  const first = Math.min(...route.targets.map((t) => t.priority));
  return route.targets
    .filter((t) => t.priority === first)
    .sort((a, b) => b.weight - a.weight)
    .map((t) => ({ provider: t.providerName, upstreamModel: t.upstreamModel }));
}

/**
 * /me/models/health: for each model the caller may use, billing's figures over every gateway
 * instance's usage records; this instance adds only which targets come first in the route.
 */
@Injectable()
export class MeHealthService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly billing: BillingClient,
  ) {}

  async health(caller: MeCaller): Promise<PublicModelHealthList> {
    // A key: the models its allow-list and provider policy leave it (as /me/models lists them).
    const routes = (caller.kind === 'key' ? reachableModels(caller.principal, this.catalog) : this.catalog.modelsOf(caller.tenantId)).sort((a, b) =>
      a.model < b.model ? -1 : a.model > b.model ? 1 : 0,
    );
    const primaries = new Map(routes.map((r) => [r.model, primariesOf(r)]));
    const reply = await this.billing.ask('modelHealth', {
      tenantId: caller.tenantId,
      models: routes.map((r) => ({ model: r.model, primaries: primaries.get(r.model) ?? [] })),
    });
    return toPublicModelHealth(reply, (model) => primaries.get(model)?.[0] ?? null);
  }
}
