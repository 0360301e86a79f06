import { Inject, Injectable } from '@nestjs/common';
import type { TenantId, Statement, StatementReply } from '@tollgate/contracts';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { BillingError } from '../errors/billing.error';
import { statementPdf } from '../invoices/pdf';
import { toCsv } from '../money/csv';
import { formatMicros, toSafeNumber } from '../money/money';
import { clip, clipOrNull } from '../money/text';
import { BillingProfilesService } from '../profiles/billing-profiles.service';
import { DOCUMENT_ISSUER, DocumentIssuer } from '../profiles/issuer';
import { MonthEntry, StatementsRepository, UsageDay } from './statements.repository';
import { DEFAULT_TIME_ZONE, timeZoneOf, zonedMonthRange } from './time-zone';

/** A statement with exact BigInt figures; the JSON, CSV and PDF forms are all rendered from it. */
export interface StatementData {
  tenantId: string;
  month: string;
  /** The IANA zone whose calendar month (and usage days) this statement covers. */
  timeZone: string;
  currency: string;
  opening: bigint;
  credits: { at: Date; kind: string; amount: bigint; reference: string | null }[];
  /** Refunds (credits back for charged calls), each with its credit note number and reason. */
  refunds: { at: Date; amount: bigint; creditNote: string | null; reason: string | null }[];
  debits: { at: Date; kind: string; amount: bigint; reference: string | null }[];
  usage: {
    day: string;
    model: string;
    requests: bigint;
    promptTokens: bigint;
    completionTokens: bigint;
    cachedTokens: bigint;
    cost: bigint;
    rates: UsageDay['rates'];
  }[];
  creditsTotal: bigint;
  refundsTotal: bigint;
  debitsTotal: bigint;
  /** opening + credits + refunds − debits. */
  closing: bigint;
}

/** The number printed on a monthly statement. */
export const statementNumber = (month: string): string => `ST-${month}`;

/** A statement is issued when its month ends (in its time zone); until then (a provisional statement) it is dated now. */
export function statementIssuedAt(month: string, now = new Date(), timeZone = DEFAULT_TIME_ZONE): Date {
  const { to } = monthRange(month, timeZone);
  return now >= to ? to : now;
}

/** [from, to) of a month: local midnight of its first day to that of the next, in the zone (UTC by default). */
export function monthRange(month: string, timeZone = DEFAULT_TIME_ZONE): { from: Date; to: Date } {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new BillingError('invalid_request', 'month must be YYYY-MM.');
  return zonedMonthRange(month, timeZone);
}

@Injectable()
export class StatementsService {
  constructor(
    private readonly repo: StatementsRepository,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    private readonly profiles: BillingProfilesService,
    @Inject(DOCUMENT_ISSUER) private readonly issuer: DocumentIssuer,
  ) {}

  /**
   * opening + credits + refunds − debits = closing, exactly: every figure is a sum over the same
   * ledger entries, and the usage lines come from the same snapshot, so debits = usage + other debits.
   * The month and the usage days are the calendar of `timeZone` (IANA, UTC by default).
   */
  async build(tenantId: TenantId, month: string, timeZone?: string): Promise<StatementData> {
    const zone = timeZoneOf(timeZone);
    const { from, to } = monthRange(month, zone);
    const { opening, entries, usage } = await this.repo.month(tenantId, from, to, zone);
    // Free text is clipped (FIELD_MAX_CHARS) in every form: rows from before the gateway bounded model names can be huge.
    const line = (e: MonthEntry, amount: bigint) => ({ at: e.at, kind: e.kind, amount, reference: clipOrNull(e.reference ?? e.reason) });
    const isRefund = (e: MonthEntry) => e.kind === 'refund' && e.amountMicros > 0n;
    const credits = entries.filter((e) => e.amountMicros > 0n && !isRefund(e)).map((e) => line(e, e.amountMicros));
    const refunds = entries
      .filter(isRefund)
      .map((e) => ({ at: e.at, amount: e.amountMicros, creditNote: clipOrNull(e.reference), reason: clipOrNull(e.reason) }));
    const debits = entries.filter((e) => e.amountMicros < 0n && e.kind !== 'usage').map((e) => line(e, -e.amountMicros));
    const creditsTotal = credits.reduce((s, c) => s + c.amount, 0n);
    const refundsTotal = refunds.reduce((s, r) => s + r.amount, 0n);
    const debitsTotal = entries.reduce((s, e) => (e.amountMicros < 0n ? s - e.amountMicros : s), 0n);
    return {
      tenantId,
      month,
      timeZone: zone,
      currency: this.config.CURRENCY,
      opening,
      credits,
      refunds,
      debits,
      usage: usage.map((u) => ({
        day: u.day,
        model: clip(u.model),
        requests: BigInt(u.requests),
        promptTokens: u.promptTokens,
        completionTokens: u.completionTokens,
        cachedTokens: u.cachedTokens,
        cost: BigInt(u.costMicros),
        rates: u.rates,
      })),
      creditsTotal,
      refundsTotal,
      debitsTotal,
      closing: opening + creditsTotal + refundsTotal - debitsTotal,
    };
  }

  async pdf(tenantId: TenantId, month: string, timeZone?: string): Promise<Buffer> {
    const [s, customer] = await Promise.all([this.build(tenantId, month, timeZone), this.profiles.customer(tenantId)]);
    return statementPdf(s, { issuer: this.issuer, customer }, statementNumber(month));
  }

  async get(tenantId: TenantId, month: string, format: 'json' | 'csv', timeZone?: string): Promise<StatementReply> {
    const s = await this.build(tenantId, month, timeZone);
    return format === 'csv' ? { format: 'csv', csv: statementCsv(s) } : { format: 'json', statement: statementJson(s) };
  }
}

export function statementJson(s: StatementData): Statement {
  const n = toSafeNumber;
  return {
    tenantId: s.tenantId,
    month: s.month,
    timeZone: s.timeZone,
    currency: s.currency,
    openingBalanceMicros: n(s.opening),
    creditsMicros: n(s.creditsTotal),
    refundsMicros: n(s.refundsTotal),
    debitsMicros: n(s.debitsTotal),
    closingBalanceMicros: n(s.closing),
    credits: s.credits.map((c) => ({ at: c.at.toISOString(), kind: c.kind, amountMicros: n(c.amount), reference: c.reference })),
    refunds: s.refunds.map((r) => ({ at: r.at.toISOString(), amountMicros: n(r.amount), creditNote: r.creditNote, reason: r.reason })),
    debits: s.debits.map((d) => ({ at: d.at.toISOString(), kind: d.kind, amountMicros: n(d.amount), reference: d.reference })),
    usage: s.usage.map((u) => ({
      day: u.day,
      model: u.model,
      requests: n(u.requests),
      promptTokens: n(u.promptTokens),
      completionTokens: n(u.completionTokens),
      cachedTokens: n(u.cachedTokens),
      costMicros: n(u.cost),
    })),
  };
}

const CSV_HEADER = [
  'section',
  'date',
  'kind',
  'model',
  'requests',
  'prompt_tokens',
  'completion_tokens',
  'cached_tokens',
  'amount_micros',
  'amount',
  'currency',
  'reference',
];

/** One CSV: summary rows (opening, credits, refunds, debits, closing), then credits, refunds, usage by day and model, other debits. */
export function statementCsv(s: StatementData): string {
  const money = (v: bigint) => [v, formatMicros(v), s.currency] as const;
  const summary = (kind: string, v: bigint) => ['summary', s.month, kind, null, null, null, null, null, ...money(v), null];
  const rows = [
    summary('opening_balance', s.opening),
    summary('credits', s.creditsTotal),
    summary('refunds', s.refundsTotal),
    summary('debits', s.debitsTotal),
    summary('closing_balance', s.closing),
    ...s.credits.map((c) => ['credit', c.at.toISOString(), c.kind, null, null, null, null, null, ...money(c.amount), c.reference]),
    ...s.refunds.map((r) => [
      'refund',
      r.at.toISOString(),
      'refund',
      null,
      null,
      null,
      null,
      null,
      ...money(r.amount),
      [r.creditNote, r.reason].filter(Boolean).join(': ') || null,
    ]),
    ...s.usage.map((u) => ['usage', u.day, 'usage', u.model, u.requests, u.promptTokens, u.completionTokens, u.cachedTokens, ...money(u.cost), null]),
    ...s.debits.map((d) => ['debit', d.at.toISOString(), d.kind, null, null, null, null, null, ...money(d.amount), d.reference]),
  ];
  return toCsv(CSV_HEADER, rows);
}
