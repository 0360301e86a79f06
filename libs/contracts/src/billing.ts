import { z } from 'zod';
import { isStorableTime } from './pg-time';
import { isStorableText, UNSTORABLE_TEXT } from './text';
import { TenantId } from './tenant-id';

/** A tenant id a reply only echoes back (nothing is looked up by it): a plain uuid string. */
const EchoedTenantId = z.string().uuid();

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/**
 * Prices in micro-units of the currency per million tokens (integers). `provider` and
 * `upstreamModel` narrow a price to one route target; null means "any target of this model".
 */
export const Price = z.object({
  id: z.string().uuid(),
  model: z.string(),
  provider: z.string().nullable(),
  upstreamModel: z.string().nullable(),
  inputPerMillion: z.number().int().nonnegative(),
  cachedInputPerMillion: z.number().int().nonnegative(),
  outputPerMillion: z.number().int().nonnegative(),
  /** Output tokens assumed for the credit hold when a request sets no max_tokens. */
  maxOutputTokens: z.number().int().positive(),
  effectiveFrom: z.string().datetime(),
});
export type Price = z.infer<typeof Price>;

/** A sale tier: a markup over cost in basis points (2500 = 25 %), null for per-model prices only. */
export const PriceTier = z.object({ id: z.string().uuid(), name: z.string(), markupBp: z.number().int().nonnegative().nullable() });
export type PriceTier = z.infer<typeof PriceTier>;
/** A tier's own sale price for a model (same shape and matching rules as a Price). */
export const TierPrice = Price.extend({ tierId: z.string().uuid() });
export type TierPrice = z.infer<typeof TierPrice>;
/** A tenant's tier from `effectiveFrom` on; tierId null puts it back on the default price list. */
export const TenantTier = z.object({ tenantId: EchoedTenantId, tierId: z.string().uuid().nullable(), effectiveFrom: z.string().datetime() });
export type TenantTier = z.infer<typeof TenantTier>;

export const PricesSnapshotRequest = z.object({});
/**
 * The price set: `prices` is the default (sale) list; the rest (accepted cost prices, tiers, their
 * prices and tenant assignments) is additive, so a reply without them prices as before.
 */
export const PricesSnapshotReply = z.object({
  prices: z.array(Price),
  costPrices: z.array(Price).default([]),
  tiers: z.array(PriceTier).default([]),
  tierPrices: z.array(TierPrice).default([]),
  tenantTiers: z.array(TenantTier).default([]),
});
export type PricesSnapshotReply = z.infer<typeof PricesSnapshotReply>;
export const PricesChangedEvent = z.object({ at: z.string().datetime() });

export const BalanceRequest = z.object({ tenantId: TenantId });
export const BalanceReply = z.object({ tenantId: EchoedTenantId, currency: z.string(), balanceMicros: z.number().int() });
export type BalanceReply = z.infer<typeof BalanceReply>;

export const RequestLog = z.object({
  requestId: z.string(),
  at: z.string().datetime(),
  keyId: z.string().uuid(),
  keyLabel: z.string().nullable(),
  model: z.string(),
  provider: z.string().nullable(),
  upstreamModel: z.string().nullable(),
  status: z.number().int(),
  latencyMs: z.number().int(),
  ttftMs: z.number().int().nullable(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  cachedTokens: z.number().int(),
  costMicros: z.number().int(),
  estimated: z.boolean(),
  stream: z.boolean(),
});
export type RequestLog = z.infer<typeof RequestLog>;

export const RequestLogsQuery = z.object({
  tenantId: TenantId,
  from: z.string().datetime().refine(isStorableTime, 'from must be a time in years 1 to 9999').optional(),
  to: z.string().datetime().refine(isStorableTime, 'to must be a time in years 1 to 9999').optional(),
  keyId: z.string().uuid().optional(),
  model: z.string().refine(isStorableText, `model ${UNSTORABLE_TEXT}`).optional(),
  status: z.number().int().min(0).max(999).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  format: z.enum(['json', 'csv']).default('json'),
});
export type RequestLogsQuery = z.infer<typeof RequestLogsQuery>;
export const RequestLogsReply = z.discriminatedUnion('format', [
  z.object({ format: z.literal('json'), data: z.array(RequestLog), nextCursor: z.string().nullable() }),
  /** A CSV page is cut like a JSON one; its next cursor is sent beside it (`x-next-cursor`). */
  z.object({ format: z.literal('csv'), csv: z.string(), nextCursor: z.string().nullable().default(null) }),
]);
export type RequestLogsReply = z.infer<typeof RequestLogsReply>;

const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);

/** A reporting time zone (IANA name such as Asia/Tokyo); billing checks it is one it knows. Absent: UTC. */
export const TimeZoneName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_+\-/]*$/);

/**
 * billing.usage.summary.v1: a tenant's calls totalled by day, model or key over whole days `from`..`to` (inclusive).
 * Days (buckets and the range) are the calendar of `timeZone` (the tenant's reporting zone; absent: UTC).
 */
export const UsageSummaryRequest = z.object({
  tenantId: TenantId,
  from: Day,
  to: Day,
  groupBy: z.enum(['day', 'model', 'key']),
  format: z.enum(['json', 'csv']).default('json'),
  timeZone: TimeZoneName.optional(),
});
export type UsageSummaryRequest = z.infer<typeof UsageSummaryRequest>;
export const UsageTotals = z.object({
  requests: z.number().int(),
  errors: z.number().int(),
  promptTokens: z.number().int(),
  cachedTokens: z.number().int(),
  completionTokens: z.number().int(),
  costMicros: z.number().int(),
});
export type UsageTotals = z.infer<typeof UsageTotals>;
/** `group` is the day (YYYY-MM-DD), the model, or the key id (with the key's latest label). */
export const UsageSummaryRow = UsageTotals.extend({ group: z.string(), keyLabel: z.string().nullable() });
export type UsageSummaryRow = z.infer<typeof UsageSummaryRow>;
export const UsageSummaryReply = z.discriminatedUnion('format', [
  z.object({ format: z.literal('json'), rows: z.array(UsageSummaryRow), total: UsageTotals, truncated: z.boolean(), timeZone: z.string().optional() }),
  z.object({ format: z.literal('csv'), csv: z.string() }),
]);
export type UsageSummaryReply = z.infer<typeof UsageSummaryReply>;

/** `timeZone`: the month and usage days are that zone's calendar (a call is dated by when it happened). */
export const StatementRequest = z.object({
  tenantId: TenantId,
  month: Month,
  format: z.enum(['json', 'csv']).default('json'),
  timeZone: TimeZoneName.optional(),
});
export const StatementRefundLine = z.object({
  at: z.string().datetime(),
  amountMicros: z.number().int(),
  creditNote: z.string().nullable(),
  reason: z.string().nullable(),
});
export const Statement = z.object({
  tenantId: EchoedTenantId,
  month: Month,
  timeZone: z.string().default('UTC'),
  currency: z.string(),
  openingBalanceMicros: z.number().int(),
  /** Credits other than refunds (top-ups, adjustments, promotional grants). */
  creditsMicros: z.number().int(),
  /** Refunds credited back; closing = opening + credits + refunds − debits. */
  refundsMicros: z.number().int().default(0),
  debitsMicros: z.number().int(),
  closingBalanceMicros: z.number().int(),
  credits: z.array(z.object({ at: z.string().datetime(), kind: z.string(), amountMicros: z.number().int(), reference: z.string().nullable() })),
  refunds: z.array(StatementRefundLine).default([]),
  usage: z.array(
    z.object({
      day: z.string(),
      model: z.string(),
      requests: z.number().int(),
      promptTokens: z.number().int(),
      completionTokens: z.number().int(),
      cachedTokens: z.number().int(),
      costMicros: z.number().int(),
    }),
  ),
  /** Debits other than usage (negative adjustments, refunds), as positive amounts. debitsMicros = Σ usage.costMicros + Σ debits.amountMicros. */
  debits: z.array(z.object({ at: z.string().datetime(), kind: z.string(), amountMicros: z.number().int(), reference: z.string().nullable() })).default([]),
});
export type Statement = z.infer<typeof Statement>;
export const StatementReply = z.discriminatedUnion('format', [
  z.object({ format: z.literal('json'), statement: Statement }),
  z.object({ format: z.literal('csv'), csv: z.string() }),
]);
export type StatementReply = z.infer<typeof StatementReply>;

export const InvoiceSummary = z.object({
  id: z.string().uuid(),
  number: z.string(),
  /** credit_note: a refund's (gapless CN series); credit_receipt: an operator's credit or promotional grant. */
  kind: z.enum(['top_up', 'monthly_statement', 'credit_note', 'credit_receipt']),
  issuedAt: z.string().datetime(),
  totalMicros: z.number().int(),
  currency: z.string(),
  period: z.string().nullable(),
  /** Credit notes and receipts: why; credit notes also what they refund (a statement month or calls, first 100 request ids). */
  reason: z.string().nullable().optional(),
  refundOf: z.string().nullable().optional(),
  requestIds: z.array(z.string()).max(100).optional(),
});
export type InvoiceSummary = z.infer<typeof InvoiceSummary>;
export const InvoicesRequest = z.object({ tenantId: TenantId, timeZone: TimeZoneName.optional() });
export const InvoicesReply = z.object({ data: z.array(InvoiceSummary) });
export const InvoicePdfRequest = z.object({ tenantId: TenantId, invoiceId: z.string(), timeZone: TimeZoneName.optional() });
export const InvoicePdfReply = z.discriminatedUnion('found', [
  z.object({ found: z.literal(true), number: z.string(), pdfBase64: z.string() }),
  z.object({ found: z.literal(false) }),
]);
export type InvoicePdfReply = z.infer<typeof InvoicePdfReply>;
