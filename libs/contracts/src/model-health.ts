import { z } from 'zod';
import { TenantId } from './tenant-id';

/** One target of a route, as the usage records name it (the provider's name and the upstream model). */
export const HealthTarget = z.object({ provider: z.string(), upstreamModel: z.string() });
export type HealthTarget = z.infer<typeof HealthTarget>;

/**
 * billing.model-health.get.v1: success rates and latency percentiles of a tenant's models from the
 * usage records of every gateway instance. The gateway names the models the caller may use and,
 * from its catalog, each model's primary targets (those of its first priority).
 */
export const ModelHealthRequest = z.object({
  tenantId: TenantId,
  models: z.array(z.object({ model: z.string(), primaries: z.array(HealthTarget).max(100) })).max(1000),
});
export type ModelHealthRequest = z.infer<typeof ModelHealthRequest>;

const Percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable() });

/** One window's figures: succeeded = 2xx; failed = 408, 429 and 5xx; other statuses (the caller's own 4xx, 499) only count in `requests`. */
export const ModelHealthWindow = z.object({
  requests: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  latencyMs: Percentiles,
  ttftMs: Percentiles,
});
export type ModelHealthWindow = z.infer<typeof ModelHealthWindow>;

export const ModelHealthRow = z.object({
  model: z.string(),
  lastHour: ModelHealthWindow,
  lastDay: ModelHealthWindow,
  /** Successful calls in the fallback window, and how many of them a target other than a primary served. */
  recentServed: z.number().int(),
  recentByFallback: z.number().int(),
});
export type ModelHealthRow = z.infer<typeof ModelHealthRow>;

export const ModelHealthReply = z.object({ at: z.string().datetime(), fallbackWindowMinutes: z.number().int(), rows: z.array(ModelHealthRow) });
export type ModelHealthReply = z.infer<typeof ModelHealthReply>;
