import type { ResolvedRoute } from '../catalog/catalog.service';
import { GatewayError } from '../errors/gateway.error';

/**
 * A route narrowed to the targets a key's provider policy allows (catalog provider names; null or
 * undefined = any), so holds, attempt order and fallback only ever see allowed targets. No policy
 * returns the route itself: the common case allocates nothing. Null when no target is allowed.
 */
export function allowedRoute(route: ResolvedRoute, providers: readonly string[] | null | undefined): ResolvedRoute | null {
  if (!providers) return route;
  let allowed = 0;
  for (const t of route.targets) if (providers.includes(t.providerName)) allowed++;
  if (allowed === route.targets.length) return route;
  if (allowed === 0) return null;
  return { ...route, targets: route.targets.filter((t) => providers.includes(t.providerName)) };
}

/** 403 `provider_not_allowed`, naming the policy, for a model none of whose targets the policy allows. */
export function providerNotAllowed(providers: readonly string[], model: string): GatewayError {
  const policy = providers.length
    ? `This API key may only use providers: ${providers.join(', ')}`
    : "This API key may use no provider (its provider policy and its tenant's have none in common)";
  return new GatewayError({ code: 'provider_not_allowed', message: `${policy}; no target of model '${model}' is served by them.`, param: 'model' });
}

/** The route a policy leaves for `model`, or the 403 when it leaves none. */
export function routeWithinPolicy(route: ResolvedRoute, providers: readonly string[] | null | undefined): ResolvedRoute {
  const allowed = allowedRoute(route, providers);
  if (!allowed) throw providerNotAllowed(providers ?? [], route.model);
  return allowed;
}
