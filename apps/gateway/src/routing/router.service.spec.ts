import type { ResolvedRoute, ResolvedTarget } from '../catalog/catalog.service';
import type { GatewayConfig } from '../config';
import { GatewayErrors } from '../errors/gateway.error';
import { RouterService } from './router.service';
import { TargetHealth } from './target-health';

const target: ResolvedTarget = {
  id: 'p/m',
  providerId: 'p',
  providerName: 'p',
  providerKind: 'openai',
  baseUrl: 'http://upstream/v1',
  apiKey: null,
  upstreamModel: 'm',
  priority: 0,
  weight: 1,
  timeoutMs: null,
};
const route: ResolvedRoute = { model: 'm', targets: [target], createdAt: new Date() };

describe('RouterService and circuits', () => {
  const setup = () => {
    const health = new TargetHealth({ CIRCUIT_FAILURE_THRESHOLD: 2, CIRCUIT_COOLDOWN_MS: 60_000 } as GatewayConfig);
    return { health, router: new RouterService(health) };
  };

  it('counts the upstream’s own failures toward the circuit', async () => {
    const { health, router } = setup();
    const failing = () => Promise.resolve({ ok: false as const, error: GatewayErrors.upstreamError('down', { retryable: true }) });
    for (let i = 0; i < 2; i++) await expect(router.serve(route, new AbortController().signal, failing)).rejects.toThrow('down');
    expect(health.available(target.id)).toBe(false);
  });

  it('never counts a failure of the request, or one after the caller went away', async () => {
    const { health, router } = setup();
    const requestFault = () => Promise.resolve({ ok: false as const, error: GatewayErrors.invalidRequest('no embeddings here', { retryable: true }) });
    for (let i = 0; i < 3; i++) await expect(router.serve(route, new AbortController().signal, requestFault)).rejects.toThrow('no embeddings');
    const gone = new AbortController();
    const abandoned = () => {
      gone.abort();
      return Promise.resolve({ ok: false as const, error: GatewayErrors.upstreamError('cut', { retryable: true }) });
    };
    await expect(router.serve(route, gone.signal, abandoned)).rejects.toThrow('cut');
    expect(health.available(target.id)).toBe(true);
    expect(health.view()).toEqual([]);
  });
});
