import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';
import type { TenantId } from '@tollgate/contracts';

export interface MarginRow {
  tenantId: string;
  model: string;
  calls: bigint;
  promptTokens: bigint;
  completionTokens: bigint;
  cachedTokens: bigint;
  revenueMicros: bigint;
  costMicros: bigint;
  /** Charged calls with no accepted cost price in force (their cost counts as 0). */
  uncostedCalls: bigint;
}

/** Per tenant and model, a period's calls from the request logs with both sides of their price. Admin-only, across tenants. */
@Injectable()
export class MarginsRepository {
  constructor(private readonly prisma: PrismaService) {}

  byTenantAndModel(from: Date, to: Date): Promise<MarginRow[]> {
    return this.prisma.$queryRaw<MarginRow[]>`
      SELECT tenant_id::text AS "tenantId", model,
             COUNT(*)::bigint AS "calls",
             COALESCE(SUM(prompt_tokens), 0)::bigint AS "promptTokens",
             COALESCE(SUM(completion_tokens), 0)::bigint AS "completionTokens",
             COALESCE(SUM(cached_tokens), 0)::bigint AS "cachedTokens",
             COALESCE(SUM(cost_micros), 0)::bigint AS "revenueMicros",
             COALESCE(SUM(upstream_cost_micros), 0)::bigint AS "costMicros",
             COUNT(*) FILTER (WHERE cost_price_id IS NULL AND cost_micros > 0)::bigint AS "uncostedCalls"
      FROM billing.usage_records
      WHERE occurred_at >= ${from} AND occurred_at < ${to}
      GROUP BY 1, 2 ORDER BY 1, 2`;
  }
}
