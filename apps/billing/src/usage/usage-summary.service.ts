import { Injectable } from '@nestjs/common';
import type { UsageSummaryReply, UsageSummaryRequest, UsageTotals } from '@tollgate/contracts';
import { BillingError } from '../errors/billing.error';
import { toCsv } from '../money/csv';
import { formatMicros, toSafeNumber } from '../money/money';
import { clip, clipOrNull } from '../money/text';
import { localMidnight, timeZoneOf } from '../statements/time-zone';
import { SummaryRow, UsageSummaryRepository } from './usage-summary.repository';

/** The longest range one summary covers, and the most groups (models or keys) it lists. */
export const MAX_DAYS = 366;
export const MAX_GROUPS = 500;
const DAY_MS = 86_400_000;

const CSV_HEADER = ['group', 'key_label', 'requests', 'errors', 'prompt_tokens', 'cached_tokens', 'completion_tokens', 'cost_micros', 'cost'];

function totalsOf(r: Omit<SummaryRow, 'group' | 'keyLabel'> | undefined): UsageTotals {
  return {
    requests: toSafeNumber(r?.requests ?? 0n),
    errors: toSafeNumber(r?.errors ?? 0n),
    promptTokens: toSafeNumber(r?.promptTokens ?? 0n),
    cachedTokens: toSafeNumber(r?.cachedTokens ?? 0n),
    completionTokens: toSafeNumber(r?.completionTokens ?? 0n),
    costMicros: toSafeNumber(r?.costMicros ?? 0n),
  };
}

/** [from, to) of whole days `from`..`to` (inclusive): local midnights in the zone. */
function dayRange(fromDay: string, toDay: string, timeZone: string): { from: Date; to: Date } {
  const [fy, fm, fd] = fromDay.split('-').map(Number);
  const [ty, tm, td] = toDay.split('-').map(Number);
  return { from: localMidnight(fy, fm, fd, timeZone), to: localMidnight(ty, tm, td + 1, timeZone) };
}

/**
 * Usage charts and their CSV: a tenant's calls totalled by day, model or key over whole days, the days
 * being the calendar of the tenant's reporting time zone (UTC by default); a call is dated by when it happened.
 */
@Injectable()
export class UsageSummaryService {
  constructor(private readonly repo: UsageSummaryRepository) {}

  async summary(q: UsageSummaryRequest): Promise<UsageSummaryReply> {
    const zone = timeZoneOf(q.timeZone);
    const utcFrom = Date.parse(`${q.from}T00:00:00Z`);
    const utcTo = Date.parse(`${q.to}T00:00:00Z`);
    if (Number.isNaN(utcFrom) || Number.isNaN(utcTo)) throw new BillingError('invalid_request', "'from' and 'to' must be dates (YYYY-MM-DD).");
    if (utcTo < utcFrom) throw new BillingError('invalid_request', "'to' must not be before 'from'.");
    if (utcTo - utcFrom >= MAX_DAYS * DAY_MS) throw new BillingError('invalid_request', `A usage summary covers at most ${MAX_DAYS} days.`);
    const { from, to } = dayRange(q.from, q.to, zone);
    const rows = await this.repo.summary(q.tenantId, { from, to, groupBy: q.groupBy, limit: MAX_GROUPS + 1, timeZone: zone });
    const kept = rows.slice(0, MAX_GROUPS);
    if (q.format === 'csv') {
      const label = (r: SummaryRow) => (q.groupBy === 'key' ? clipOrNull(r.keyLabel) : null);
      const lines = kept.map((r) => [
        clip(r.group),
        label(r),
        r.requests,
        r.errors,
        r.promptTokens,
        r.cachedTokens,
        r.completionTokens,
        r.costMicros,
        formatMicros(r.costMicros),
      ]);
      return { format: 'csv', csv: toCsv(CSV_HEADER, lines) };
    }
    const [total] = await this.repo.totals(q.tenantId, from, to);
    return {
      format: 'json',
      rows: kept.map((r) => ({ ...totalsOf(r), group: clip(r.group), keyLabel: q.groupBy === 'key' ? clipOrNull(r.keyLabel) : null })),
      total: totalsOf(total),
      truncated: rows.length > MAX_GROUPS,
      timeZone: zone,
    };
  }
}
