import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../infra/prisma.service';
import type { TenantId } from '@tollgate/contracts';

export type GroupBy = 'day' | 'model' | 'key';

export interface SummaryRow {
  group: string;
  keyLabel: string | null;
  requests: bigint;
  errors: bigint;
  promptTokens: bigint;
  cachedTokens: bigint;
  completionTokens: bigint;
  costMicros: bigint;
}

/** One summary's range `[from, to)`, grouping, the most groups to return, and the days' time zone (UTC if absent). */
export interface SummaryQuery {
  from: Date;
  to: Date;
  groupBy: GroupBy;
  limit: number;
  timeZone?: string;
}

/** The group expression; a day is the calendar day of `timeZone` (an IANA name billing has checked) the call happened on. */
function groupSql(groupBy: GroupBy, timeZone: string): Prisma.Sql {
  if (groupBy === 'day') return Prisma.sql`to_char(occurred_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD')`;
  return groupBy === 'model' ? Prisma.sql`model` : Prisma.sql`key_id::text`;
}

/** Totals of a tenant's request logs (usage records) over a time range, grouped one way; scoped by tenant id. */
@Injectable()
export class UsageSummaryRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** At most `limit` groups, by cost then name (days in order, in `timeZone`); the key's label is its latest one. */
  summary(tenantId: TenantId, query: SummaryQuery): Promise<SummaryRow[]> {
    const { from, to, groupBy, limit, timeZone = 'UTC' } = query;
    const group = groupSql(groupBy, timeZone);
    const order = groupBy === 'day' ? Prisma.sql`1` : Prisma.sql`"costMicros" DESC, 1`;
    return this.prisma.$queryRaw<SummaryRow[]>`
      SELECT ${group} AS "group",
             (array_agg(key_label ORDER BY occurred_at DESC))[1] AS "keyLabel",
             COUNT(*)::bigint AS requests,
             COUNT(*) FILTER (WHERE status >= 400)::bigint AS errors,
             COALESCE(SUM(prompt_tokens), 0)::bigint AS "promptTokens",
             COALESCE(SUM(cached_tokens), 0)::bigint AS "cachedTokens",
             COALESCE(SUM(completion_tokens), 0)::bigint AS "completionTokens",
             COALESCE(SUM(cost_micros), 0)::bigint AS "costMicros"
      FROM billing.usage_records
      WHERE tenant_id = ${tenantId}::uuid AND occurred_at >= ${from} AND occurred_at < ${to}
      GROUP BY 1 ORDER BY ${order} LIMIT ${limit}`;
  }

  totals(tenantId: TenantId, from: Date, to: Date): Promise<Omit<SummaryRow, 'group' | 'keyLabel'>[]> {
    return this.prisma.$queryRaw`
      SELECT COUNT(*)::bigint AS requests,
             COUNT(*) FILTER (WHERE status >= 400)::bigint AS errors,
             COALESCE(SUM(prompt_tokens), 0)::bigint AS "promptTokens",
             COALESCE(SUM(cached_tokens), 0)::bigint AS "cachedTokens",
             COALESCE(SUM(completion_tokens), 0)::bigint AS "completionTokens",
             COALESCE(SUM(cost_micros), 0)::bigint AS "costMicros"
      FROM billing.usage_records
      WHERE tenant_id = ${tenantId}::uuid AND occurred_at >= ${from} AND occurred_at < ${to}`;
  }
}
