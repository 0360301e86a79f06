import { Injectable } from '@nestjs/common';
import type { ModelHealthReply, ModelHealthRequest, ModelHealthRow, ModelHealthWindow } from '@tollgate/contracts';
import { toSafeNumber } from '../money/money';
import { ModelHealthRepository, ModelHealthSql } from './model-health.repository';

const MINUTE_MS = 60_000;
/** "Is a fallback serving now": the calls of the last quarter hour. */
export const FALLBACK_WINDOW_MINUTES = 15;

const ms = (v: number | null): number | null => (v === null ? null : Math.round(Number(v)));

function windowOf(r: ModelHealthSql | undefined, w: 'h' | 'd'): ModelHealthWindow {
  return {
    requests: toSafeNumber(r?.[`${w}_requests`] ?? 0n),
    succeeded: toSafeNumber(r?.[`${w}_succeeded`] ?? 0n),
    failed: toSafeNumber(r?.[`${w}_failed`] ?? 0n),
    latencyMs: { p50: ms(r?.[`${w}_latency_p50`] ?? null), p95: ms(r?.[`${w}_latency_p95`] ?? null) },
    ttftMs: { p50: ms(r?.[`${w}_ttft_p50`] ?? null), p95: ms(r?.[`${w}_ttft_p95`] ?? null) },
  };
}

/** Per-model health of one tenant over the last hour and day, across every gateway instance (billing's records). */
@Injectable()
export class ModelHealthService {
  constructor(private readonly repo: ModelHealthRepository) {}

  async health(q: ModelHealthRequest, now = new Date()): Promise<ModelHealthReply> {
    const models = q.models.map((m) => m.model);
    const rows: ModelHealthRow[] = [];
    if (models.length) {
      const primaries = q.models.flatMap((m) => m.primaries.map((p) => ({ model: m.model, provider: p.provider, upstreamModel: p.upstreamModel })));
      const t = now.getTime();
      const found = await this.repo.health(q.tenantId, models, primaries, {
        dayFrom: new Date(t - 24 * 60 * MINUTE_MS),
        hourFrom: new Date(t - 60 * MINUTE_MS),
        recentFrom: new Date(t - FALLBACK_WINDOW_MINUTES * MINUTE_MS),
      });
      const byModel = new Map(found.map((r) => [r.model, r]));
      for (const model of models) {
        const r = byModel.get(model);
        rows.push({
          model,
          lastHour: windowOf(r, 'h'),
          lastDay: windowOf(r, 'd'),
          recentServed: toSafeNumber(r?.recent_served ?? 0n),
          recentByFallback: toSafeNumber(r?.recent_by_fallback ?? 0n),
        });
      }
    }
    return { at: now.toISOString(), fallbackWindowMinutes: FALLBACK_WINDOW_MINUTES, rows };
  }
}
