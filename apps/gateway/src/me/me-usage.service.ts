import { Injectable } from '@nestjs/common';
import type { Reply } from '../http/reply';
import type { UsageSummaryRequest } from '@tollgate/contracts';
import { GatewayErrors } from '../errors/gateway.error';
import { BillingClient } from './billing-client';
import { callerTimeZone } from './me-billing.service';
import type { MeCaller } from './me-caller';
import { PublicUsageSummary, toPublicUsageSummary } from './me-usage.mapper';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAY_MS = 86_400_000;
const MAX_DAYS = 366;
const PARAMS = new Set(['from', 'to', 'group_by']);
const GROUPS = ['day', 'model', 'key'] as const;

type SummaryQuery = Pick<UsageSummaryRequest, 'from' | 'to' | 'groupBy'>;

/** /me/usage: the caller's tenant's usage totals from billing, as JSON for charts or a CSV download. */
@Injectable()
export class MeUsageService {
  constructor(private readonly billing: BillingClient) {}

  async summary(caller: MeCaller, reply: Reply, q: Record<string, string>, csv: boolean): Promise<PublicUsageSummary | string> {
    const timeZone = callerTimeZone(caller);
    const query = summaryQuery(q, new Date(), timeZone);
    const res = await this.billing.ask('usageSummary', { ...query, tenantId: caller.tenantId, format: csv ? 'csv' : 'json', timeZone });
    if (res.format === 'csv') {
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="usage-${query.groupBy}-${query.from}-${query.to}.csv"`);
      return res.csv;
    }
    return toPublicUsageSummary(query, res);
  }
}

/**
 * from/to are whole days of the tenant's reporting time zone (to inclusive; default the last 30 days
 * up to today there), group_by day, model or key; anything else is a 400.
 */
export function summaryQuery(q: Record<string, string>, now: Date, timeZone = 'UTC'): SummaryQuery {
  const unknown = Object.keys(q).find((name) => !PARAMS.has(name));
  if (unknown !== undefined)
    throw GatewayErrors.invalidRequest(`Unknown query parameter '${unknown.slice(0, 64)}'; expected one of from, to, group_by.`, {
      param: unknown.slice(0, 64),
    });
  const today = todayIn(now, timeZone);
  const to = day(q.to, 'to') ?? today;
  const from = day(q.from, 'from') ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
  const span = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (span < 1) throw GatewayErrors.invalidRequest("'to' must not be before 'from'.", { param: 'to' });
  if (span > MAX_DAYS) throw GatewayErrors.invalidRequest(`A usage summary covers at most ${MAX_DAYS} days.`, { param: 'from' });
  const groupBy = q.group_by ?? 'day';
  if (!(GROUPS as readonly string[]).includes(groupBy)) throw GatewayErrors.invalidRequest("'group_by' must be one of day, model, key.", { param: 'group_by' });
  return { from, to, groupBy: groupBy as SummaryQuery['groupBy'] };
}

function day(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!DAY.test(value) || Number.isNaN(Date.parse(value)) || new Date(value).toISOString().slice(0, 10) !== value) {
    throw GatewayErrors.invalidRequest(`'${name}' must be a date (YYYY-MM-DD).`, { param: name });
  }
  return value;
}

/** YYYY-MM-DD of `now` in the zone (en-CA formats dates as YYYY-MM-DD); UTC when the zone is unknown here. */
export function todayIn(now: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}
