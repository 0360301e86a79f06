import { z } from 'zod';
import type { ModelHealthReply, ModelHealthWindow } from '@tollgate/contracts';

const Percentiles = z.object({ p50: z.number().int().nullable(), p95: z.number().int().nullable() });

/** One window of /me/models/health. success_rate = succeeded / (succeeded + failed), null when neither. */
export const PublicHealthWindow = z.object({
  requests: z.number().int().meta({ description: 'Every call of the window, the caller-caused 4xx too.' }),
  succeeded: z.number().int().meta({ description: 'Calls answered 2xx.' }),
  failed: z.number().int().meta({ description: 'Calls answered 408, 429 or 5xx (upstream errors, timeouts, rate limits).' }),
  success_rate: z.number().min(0).max(1).nullable(),
  latency_ms: Percentiles.meta({ description: 'Of the successful calls; null without any.' }),
  ttft_ms: Percentiles.meta({ description: 'Time to first token of the successful streamed calls; null without any.' }),
});
export type PublicHealthWindow = z.infer<typeof PublicHealthWindow>;

const Target = z.object({ provider: z.string(), upstream_model: z.string() });

export const PublicModelHealth = z.object({
  model: z.string(),
  primary: Target.nullable().meta({ description: "The route's first-priority target (of several sharing that priority, the heaviest)." }),
  fallback_serving: z
    .boolean()
    .meta({ description: 'True when, in the last fallback_window_minutes, a target other than a first-priority one served a call.' }),
  fallback_share: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .meta({ description: 'Of the successful calls in that window, the share a fallback target served; null without any.' }),
  windows: z.object({ last_hour: PublicHealthWindow, last_day: PublicHealthWindow }),
});
export type PublicModelHealth = z.infer<typeof PublicModelHealth>;

export const PublicModelHealthList = z.object({
  object: z.literal('list'),
  at: z.string().datetime(),
  fallback_window_minutes: z.number().int(),
  data: z.array(PublicModelHealth),
});
export type PublicModelHealthList = z.infer<typeof PublicModelHealthList>;

export type PrimaryOf = (model: string) => { provider: string; upstreamModel: string } | null;

function windowOf(w: ModelHealthWindow): PublicHealthWindow {
  const counted = w.succeeded + w.failed;
  return {
    requests: w.requests,
    succeeded: w.succeeded,
    failed: w.failed,
    success_rate: counted ? w.succeeded / counted : null,
    latency_ms: { p50: w.latencyMs.p50, p95: w.latencyMs.p95 },
    ttft_ms: { p50: w.ttftMs.p50, p95: w.ttftMs.p95 },
  };
}

export function toPublicModelHealth(reply: ModelHealthReply, primaryOf: PrimaryOf): PublicModelHealthList {
  return {
    object: 'list',
    at: reply.at,
    fallback_window_minutes: reply.fallbackWindowMinutes,
    data: reply.rows.map((r) => {
      const primary = primaryOf(r.model);
      return {
        model: r.model,
        primary: primary && { provider: primary.provider, upstream_model: primary.upstreamModel },
        fallback_serving: r.recentByFallback > 0,
        fallback_share: r.recentServed ? r.recentByFallback / r.recentServed : null,
        windows: { last_hour: windowOf(r.lastHour), last_day: windowOf(r.lastDay) },
      };
    }),
  };
}
