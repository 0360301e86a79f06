import type { UsageSummaryReply, UsageSummaryRequest, UsageTotals } from '@tollgate/contracts';

/** /me/usage on the wire (snake_case). */
export interface PublicUsageTotals {
  requests: number;
  errors: number;
  prompt_tokens: number;
  cached_tokens: number;
  completion_tokens: number;
  cost_micros: number;
}

export type PublicUsageRow = PublicUsageTotals & ({ day: string } | { model: string } | { key_id: string; key_label: string | null });

export interface PublicUsageSummary {
  object: 'list';
  group_by: 'day' | 'model' | 'key';
  from: string;
  to: string;
  data: PublicUsageRow[];
  total: PublicUsageTotals;
  /** True when there were more models or keys than one answer lists (the costliest are listed). */
  truncated: boolean;
  /** The IANA zone whose calendar the days (range and buckets) follow: the tenant's reporting time zone, UTC by default. */
  time_zone: string;
}

function totals(t: UsageTotals): PublicUsageTotals {
  return {
    requests: t.requests,
    errors: t.errors,
    prompt_tokens: t.promptTokens,
    cached_tokens: t.cachedTokens,
    completion_tokens: t.completionTokens,
    cost_micros: t.costMicros,
  };
}

export function toPublicUsageSummary(
  q: Pick<UsageSummaryRequest, 'from' | 'to' | 'groupBy'>,
  res: Extract<UsageSummaryReply, { format: 'json' }>,
): PublicUsageSummary {
  const data = res.rows.map((r): PublicUsageRow => {
    if (q.groupBy === 'day') return { day: r.group, ...totals(r) };
    if (q.groupBy === 'model') return { model: r.group, ...totals(r) };
    return { key_id: r.group, key_label: r.keyLabel, ...totals(r) };
  });
  return {
    object: 'list',
    group_by: q.groupBy,
    from: q.from,
    to: q.to,
    data,
    total: totals(res.total),
    truncated: res.truncated,
    time_zone: res.timeZone ?? 'UTC',
  };
}
