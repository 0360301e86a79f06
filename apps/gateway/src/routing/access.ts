import type { Principal } from '@tollgate/contracts';
import type { CatalogService, ResolvedRoute } from '../catalog/catalog.service';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import { allowedRoute, routeWithinPolicy } from './provider-policy';

/**
 * Models a key may reach: those registered for its tenant, narrowed by the key's model allow-list,
 * less those no target of which its provider policy allows (a listing shows only what a call can use).
 */
export function reachableModels(principal: Principal, catalog: CatalogService): ResolvedRoute[] {
  const all = catalog.modelsOf(principal.tenantId);
  const byModel = principal.models.length ? all.filter((r) => principal.models.includes(r.model)) : all;
  return principal.providers ? byModel.filter((r) => allowedRoute(r, principal.providers) !== null) : byModel;
}

/**
 * 404 for a model the tenant does not have (whoever else has it); 403 when the key may not use it,
 * or when its provider policy allows none of the model's targets. The route comes back narrowed to
 * the allowed targets: holds, attempt order and fallback never see another (chat, messages, embeddings).
 */
export function resolveModel(principal: Principal, catalog: CatalogService, model: string): ResolvedRoute {
  const route = catalog.resolve(principal.tenantId, model);
  if (!route) {
    throw GatewayErrors.modelNotFound(model);
  }
  if (principal.models.length && !principal.models.includes(model)) {
    throw new GatewayError({ code: 'model_not_allowed', message: `This API key is not allowed to use the model '${model}'.`, param: 'model' });
  }
  return routeWithinPolicy(route, principal.providers);
}
