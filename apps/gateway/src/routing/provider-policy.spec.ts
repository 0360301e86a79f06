import type { ResolvedRoute, ResolvedTarget } from '../catalog/catalog.service';
import { GatewayError } from '../errors/gateway.error';
import { allowedRoute, routeWithinPolicy } from './provider-policy';

const target = (provider: string, priority: number): ResolvedTarget => ({
  id: `${provider}/m`,
  providerId: provider,
  providerName: provider,
  providerKind: 'openai',
  baseUrl: 'http://upstream/v1',
  apiKey: null,
  upstreamModel: 'm',
  priority,
  weight: 1,
  timeoutMs: null,
});
const route: ResolvedRoute = { model: 'smart', targets: [target('a', 0), target('b', 1)], createdAt: new Date() };

describe('provider policy', () => {
  it('leaves a route alone without a policy, or when the policy allows every target', () => {
    expect(allowedRoute(route, undefined)).toBe(route);
    expect(allowedRoute(route, null)).toBe(route);
    expect(allowedRoute(route, ['b', 'a'])).toBe(route);
  });

  it('keeps only the allowed targets, so fallback never reaches another', () => {
    expect(allowedRoute(route, ['b'])!.targets.map((t) => t.providerName)).toEqual(['b']);
    expect(allowedRoute(route, ['a', 'c'])!.targets.map((t) => t.providerName)).toEqual(['a']);
    expect(route.targets).toHaveLength(2);
  });

  it('refuses a model no allowed target serves with 403 provider_not_allowed naming the policy', () => {
    const err = (() => {
      try {
        return routeWithinPolicy(route, ['c', 'd']);
      } catch (e) {
        return e;
      }
    })() as GatewayError;
    expect(err).toBeInstanceOf(GatewayError);
    expect(err.code).toBe('provider_not_allowed');
    expect(err.message).toBe("This API key may only use providers: c, d; no target of model 'smart' is served by them.");
    expect(() => routeWithinPolicy(route, [])).toThrow('none in common');
  });
});
