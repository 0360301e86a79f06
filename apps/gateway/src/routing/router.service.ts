import { Injectable } from '@nestjs/common';
import type { ResolvedRoute, ResolvedTarget } from '../catalog/catalog.service';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import { attemptOrder } from './target-order';
import { TargetHealth } from './target-health';

/** What an attempt on one target came to: done, or a failure the next target may not have. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: GatewayError };

/**
 * Tries a route's targets in attempt order until one serves the call. Falls back on
 * connect errors, timeouts, 429, 5xx and credential rejections, never on the caller's own
 * 4xx, and never once a stream has started (attempts report those as done). Only the
 * upstream's own failures count toward a target's circuit: never the request's, ours, or a
 * caller who went away.
 */
@Injectable()
export class RouterService {
  constructor(private readonly health: TargetHealth) {}

  async serve<T>(route: ResolvedRoute, signal: AbortSignal, attempt: (target: ResolvedTarget) => Promise<Attempt<T>>): Promise<T> {
    let last: GatewayError | null = null;
    for (const target of attemptOrder(route.targets, (t) => this.health.available(t.id))) {
      if (signal.aborted) break;
      let result: Attempt<T>;
      try {
        result = await attempt(target);
      } catch (err) {
        if (!(err instanceof GatewayError) || !err.retryable || signal.aborted) throw err;
        result = { ok: false, error: err };
      }
      if (result.ok) {
        this.health.success(target.id);
        return result.value;
      }
      if (!signal.aborted && upstreamSide(result.error)) this.health.failure(target.id, result.error.message);
      last = result.error;
    }
    throw last ?? GatewayErrors.upstreamError('No upstream target could serve the request.');
  }
}

/** A failure of the upstream itself (unreachable, timed out, 5xx, 429, credentials), not of the request. */
export function upstreamSide(error: GatewayError): boolean {
  return error.code === 'upstream_error' || error.code === 'upstream_timeout' || error.code === 'upstream_rate_limited' || error.code === 'upstream_rejected';
}
