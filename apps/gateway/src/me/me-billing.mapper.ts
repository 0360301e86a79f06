import type { BalanceReply, ReplyOf, RequestLog, Statement } from '@tollgate/contracts';

/**
 * /me/billing/* and /me/request-logs on the wire: snake_case, like the OpenAI and Anthropic APIs our
 * customers already call and like the CSV exports' headers. Money is integer micro-units named
 * `*_micros`; times are ISO 8601 strings. Billing's NATS replies stay camelCase; the mapping is here, once.
 */

export interface PublicBalance {
  tenant_id: string;
  currency: string;
  balance_micros: number;
}

/** The same names, in the same order, as the columns of the request-log CSV. */
export interface PublicRequestLog {
  at: string;
  request_id: string;
  key_id: string;
  key_label: string | null;
  model: string;
  provider: string | null;
  upstream_model: string | null;
  status: number;
  latency_ms: number;
  ttft_ms: number | null;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_micros: number;
  estimated: boolean;
  stream: boolean;
}

export interface PublicRequestLogPage {
  object: 'list';
  data: PublicRequestLog[];
  next_cursor: string | null;
}

export interface PublicLedgerLine {
  at: string;
  kind: string;
  amount_micros: number;
  reference: string | null;
}

export interface PublicUsageLine {
  day: string;
  model: string;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_micros: number;
}

export interface PublicRefundLine {
  at: string;
  amount_micros: number;
  credit_note: string | null;
  reason: string | null;
}

export interface PublicStatement {
  tenant_id: string;
  month: string;
  /** The IANA zone whose calendar the month and usage days follow. */
  time_zone: string;
  currency: string;
  opening_balance_micros: number;
  credits_micros: number;
  refunds_micros: number;
  debits_micros: number;
  /** opening + credits + refunds − debits. */
  closing_balance_micros: number;
  credits: PublicLedgerLine[];
  refunds: PublicRefundLine[];
  usage: PublicUsageLine[];
  /** Debits other than usage (negative adjustments, refunds), as positive amounts. */
  debits: PublicLedgerLine[];
}

export interface PublicInvoice {
  id: string;
  number: string;
  kind: 'top_up' | 'monthly_statement' | 'credit_note' | 'credit_receipt';
  issued_at: string;
  total_micros: number;
  currency: string;
  period: string | null;
}

export interface PublicInvoiceList {
  object: 'list';
  data: PublicInvoice[];
}

type InvoiceSummary = ReplyOf<'invoicesList'>['data'][number];
type LedgerLine = Statement['credits'][number];
type UsageLine = Statement['usage'][number];

export function toPublicBalance(b: BalanceReply): PublicBalance {
  return { tenant_id: b.tenantId, currency: b.currency, balance_micros: b.balanceMicros };
}

export function toPublicRequestLog(r: RequestLog): PublicRequestLog {
  return {
    at: r.at,
    request_id: r.requestId,
    key_id: r.keyId,
    key_label: r.keyLabel,
    model: r.model,
    provider: r.provider,
    upstream_model: r.upstreamModel,
    status: r.status,
    latency_ms: r.latencyMs,
    ttft_ms: r.ttftMs,
    prompt_tokens: r.promptTokens,
    completion_tokens: r.completionTokens,
    cached_tokens: r.cachedTokens,
    cost_micros: r.costMicros,
    estimated: r.estimated,
    stream: r.stream,
  };
}

export function toPublicRequestLogPage(data: RequestLog[], nextCursor: string | null): PublicRequestLogPage {
  return { object: 'list', data: data.map(toPublicRequestLog), next_cursor: nextCursor };
}

const toLedgerLine = (l: LedgerLine): PublicLedgerLine => ({ at: l.at, kind: l.kind, amount_micros: l.amountMicros, reference: l.reference });

const toUsageLine = (u: UsageLine): PublicUsageLine => ({
  day: u.day,
  model: u.model,
  requests: u.requests,
  prompt_tokens: u.promptTokens,
  completion_tokens: u.completionTokens,
  cached_tokens: u.cachedTokens,
  cost_micros: u.costMicros,
});

export function toPublicStatement(s: Statement): PublicStatement {
  return {
    tenant_id: s.tenantId,
    month: s.month,
    time_zone: s.timeZone,
    currency: s.currency,
    opening_balance_micros: s.openingBalanceMicros,
    credits_micros: s.creditsMicros,
    refunds_micros: s.refundsMicros,
    debits_micros: s.debitsMicros,
    closing_balance_micros: s.closingBalanceMicros,
    credits: s.credits.map(toLedgerLine),
    refunds: s.refunds.map((r) => ({ at: r.at, amount_micros: r.amountMicros, credit_note: r.creditNote, reason: r.reason })),
    usage: s.usage.map(toUsageLine),
    debits: s.debits.map(toLedgerLine),
  };
}

const toPublicInvoice = (i: InvoiceSummary): PublicInvoice => ({
  id: i.id,
  number: i.number,
  kind: i.kind,
  issued_at: i.issuedAt,
  total_micros: i.totalMicros,
  currency: i.currency,
  period: i.period,
});

export function toPublicInvoiceList(reply: ReplyOf<'invoicesList'>): PublicInvoiceList {
  return { object: 'list', data: reply.data.map(toPublicInvoice) };
}

/** A refund's credit note (`GET /me/billing/credit-notes`); its PDF is `/me/billing/credit-notes/{id}`. */
export interface PublicCreditNote {
  id: string;
  number: string;
  issued_at: string;
  total_micros: number;
  currency: string;
  reason: string | null;
  /** "Statement ST-2026-11 (UTC)" or "2 calls". */
  refund_of: string | null;
  /** The statement month of an amount refund; null for a refund of calls. */
  period: string | null;
  /** The refunded calls (first 100). */
  request_ids: string[];
}

export function toPublicCreditNoteList(reply: ReplyOf<'invoicesList'>): { object: 'list'; data: PublicCreditNote[] } {
  const notes = reply.data.filter((i) => i.kind === 'credit_note');
  return {
    object: 'list',
    data: notes.map((n) => ({
      id: n.id,
      number: n.number,
      issued_at: n.issuedAt,
      total_micros: n.totalMicros,
      currency: n.currency,
      reason: n.reason ?? null,
      refund_of: n.refundOf ?? null,
      period: n.period,
      request_ids: n.requestIds ?? [],
    })),
  };
}
