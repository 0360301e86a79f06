import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';
import type { TenantId } from '@tollgate/contracts';

/** One model's figures over the last day; `h_` columns are the last hour's, `recent_` the fallback window's. */
export interface ModelHealthSql {
  model: string;
  h_requests: bigint;
  h_succeeded: bigint;
  h_failed: bigint;
  h_latency_p50: number | null;
  h_latency_p95: number | null;
  h_ttft_p50: number | null;
  h_ttft_p95: number | null;
  d_requests: bigint;
  d_succeeded: bigint;
  d_failed: bigint;
  d_latency_p50: number | null;
  d_latency_p95: number | null;
  d_ttft_p50: number | null;
  d_ttft_p95: number | null;
  recent_served: bigint;
  recent_by_fallback: bigint;
}

/** A primary target of a model: the calls it serves are not a fallback's. */
export interface PrimaryTarget {
  model: string;
  provider: string;
  upstreamModel: string;
}

export interface HealthWindows {
  dayFrom: Date;
  hourFrom: Date;
  recentFrom: Date;
}

/**
 * Success and latency of a tenant's models, from the usage records every gateway instance sends.
 * One grouped query: success = 2xx; failure = 408, 429, 5xx; percentiles over the successful calls
 * (a timeout's latency is the deadline, not the model's speed); ttft only where a stream reported one.
 */
@Injectable()
export class ModelHealthRepository {
  constructor(private readonly prisma: PrismaService) {}

  health(tenantId: TenantId, models: string[], primaries: PrimaryTarget[], w: HealthWindows): Promise<ModelHealthSql[]> {
    return this.prisma.$queryRaw<ModelHealthSql[]>`
      WITH primaries AS (
        SELECT * FROM unnest(${primaries.map((p) => p.model)}::text[], ${primaries.map((p) => p.provider)}::text[], ${primaries.map((p) => p.upstreamModel)}::text[])
          AS p(model, provider, upstream_model)
      ), calls AS (
        SELECT u.model, u.latency_ms, u.ttft_ms,
               u.occurred_at >= ${w.hourFrom} AS in_hour,
               u.occurred_at >= ${w.recentFrom} AS recent,
               u.status BETWEEN 200 AND 299 AS ok,
               (u.status IN (408, 429) OR u.status >= 500) AS failed,
               EXISTS (SELECT 1 FROM primaries p WHERE p.model = u.model AND p.provider = u.provider AND p.upstream_model = u.upstream_model) AS by_primary
        FROM billing.usage_records u
        WHERE u.tenant_id = ${tenantId}::uuid AND u.model = ANY(${models}::text[]) AND u.occurred_at >= ${w.dayFrom}
      )
      SELECT model,
             COUNT(*) FILTER (WHERE in_hour) AS h_requests,
             COUNT(*) FILTER (WHERE in_hour AND ok) AS h_succeeded,
             COUNT(*) FILTER (WHERE in_hour AND failed) AS h_failed,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE in_hour AND ok) AS h_latency_p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE in_hour AND ok) AS h_latency_p95,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY ttft_ms) FILTER (WHERE in_hour AND ok) AS h_ttft_p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY ttft_ms) FILTER (WHERE in_hour AND ok) AS h_ttft_p95,
             COUNT(*) AS d_requests,
             COUNT(*) FILTER (WHERE ok) AS d_succeeded,
             COUNT(*) FILTER (WHERE failed) AS d_failed,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok) AS d_latency_p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok) AS d_latency_p95,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY ttft_ms) FILTER (WHERE ok) AS d_ttft_p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY ttft_ms) FILTER (WHERE ok) AS d_ttft_p95,
             COUNT(*) FILTER (WHERE recent AND ok) AS recent_served,
             COUNT(*) FILTER (WHERE recent AND ok AND NOT by_primary) AS recent_by_fallback
      FROM calls
      GROUP BY model`;
  }
}
