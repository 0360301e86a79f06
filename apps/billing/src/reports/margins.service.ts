import { Injectable } from '@nestjs/common';
import { BillingError } from '../errors/billing.error';
import { toCsv } from '../money/csv';
import { toSafeNumber } from '../money/money';
import { marginPercent } from './margin-math';
import { MarginRow, MarginsRepository } from './margins.repository';
import type { TenantId } from '@tollgate/contracts';

export interface MarginLine {
  tenantId: string;
  model: string;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  totalTokens: number;
  /** What the tenant was charged (sale prices), as booked. */
  revenueMicros: number;
  /** What the upstream charges for the same calls (accepted cost prices). */
  costMicros: number;
  marginMicros: number;
  /** margin / revenue × 100, two decimals, from integers; null without revenue. */
  marginPercent: string | null;
  uncostedCalls: number;
}

export interface MarginReport {
  month: string;
  from: string;
  to: string;
  lines: MarginLine[];
  totals: Omit<MarginLine, 'tenantId' | 'model'>;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const CSV_HEADER = [
  'tenant_id',
  'model',
  'calls',
  'prompt_tokens',
  'completion_tokens',
  'cached_tokens',
  'total_tokens',
  'revenue_micros',
  'cost_micros',
  'margin_micros',
  'margin_percent',
  'uncosted_calls',
];

/** Revenue, upstream cost and margin per tenant and model for a calendar month (UTC) of calls. */
@Injectable()
export class MarginsService {
  constructor(private readonly repo: MarginsRepository) {}

  async report(month: string | undefined): Promise<MarginReport> {
    const m = MONTH.exec(month ?? '');
    if (!m) throw new BillingError('invalid_request', 'month must be YYYY-MM.');
    const from = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
    const to = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1));
    const rows = await this.repo.byTenantAndModel(from, to);
    const sum = (k: Exclude<keyof MarginRow, 'tenantId' | 'model'>) => rows.reduce((s, r) => s + r[k], 0n);
    const {
      tenantId: _all,
      model: _models,
      ...totals
    } = line({
      tenantId: '',
      model: '',
      calls: sum('calls'),
      promptTokens: sum('promptTokens'),
      completionTokens: sum('completionTokens'),
      cachedTokens: sum('cachedTokens'),
      revenueMicros: sum('revenueMicros'),
      costMicros: sum('costMicros'),
      uncostedCalls: sum('uncostedCalls'),
    });
    return { month: m[0], from: from.toISOString(), to: to.toISOString(), lines: rows.map(line), totals };
  }

  csv(report: MarginReport): string {
    const rows = report.lines.map((l) => [
      l.tenantId,
      l.model,
      l.calls,
      l.promptTokens,
      l.completionTokens,
      l.cachedTokens,
      l.totalTokens,
      l.revenueMicros,
      l.costMicros,
      l.marginMicros,
      l.marginPercent,
      l.uncostedCalls,
    ]);
    return toCsv(CSV_HEADER, rows);
  }
}

function line(r: MarginRow): MarginLine {
  const margin = r.revenueMicros - r.costMicros;
  return {
    tenantId: r.tenantId,
    model: r.model,
    calls: toSafeNumber(r.calls),
    promptTokens: toSafeNumber(r.promptTokens),
    completionTokens: toSafeNumber(r.completionTokens),
    cachedTokens: toSafeNumber(r.cachedTokens),
    totalTokens: toSafeNumber(r.promptTokens + r.completionTokens),
    revenueMicros: toSafeNumber(r.revenueMicros),
    costMicros: toSafeNumber(r.costMicros),
    marginMicros: toSafeNumber(margin),
    marginPercent: marginPercent(margin, r.revenueMicros),
    uncostedCalls: toSafeNumber(r.uncostedCalls),
  };
}
