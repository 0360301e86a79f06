import { z } from 'zod';
import { AuditEntry, BudgetPeriod, PortalRole } from '@tollgate/contracts';

/**
 * The /me answers as zod schemas, for the public OpenAPI document. Bodies come from the schemas the
 * routes parse with (imported in me-paths.ts); these mirror the mappers' Public* types field by field.
 */
const At = z.string().datetime();
const Id = z.string().uuid();
const Micros = z.number().int().meta({ description: 'Integer micro-units of the currency (1 USD = 1,000,000).' });
const list = <T extends z.ZodType>(item: T) => z.object({ object: z.literal('list'), data: z.array(item) });
const cursorList = <T extends z.ZodType>(item: T) => list(item).extend({ next_cursor: z.string().nullable() });

export const User = z.object({ id: Id, tenant_id: Id, email: z.string(), role: PortalRole });
export const SessionInfo = z.object({ user: User, scopes: z.array(z.string()) });
export const SignedIn = SessionInfo.extend({ expires_at: At });
export const Accepted = z.object({ user: User });

export const Key = z.object({
  id: Id,
  tenant_id: Id,
  label: z.string(),
  prefix: z.string(),
  last4: z.string(),
  masked: z.string().meta({ example: 'sk-tg-…abcd' }),
  scopes: z.array(z.string()),
  models: z.array(z.string()).meta({ description: 'Empty: every model of the tenant.' }),
  providers: z
    .array(z.string())
    .meta({ description: "Provider allow-list (the gateway's provider names). Empty: any provider; the tenant's policy also applies." }),
  status: z.enum(['active', 'revoked', 'expired']),
  rate_limits: z.object({ rpm: z.number().int().nullable(), tpm: z.number().int().nullable() }),
  budget_micros: Micros.nullable().meta({ description: "The key's own spend limit per budget_period; null: none (the organization's may still apply)." }),
  budget_period: BudgetPeriod.nullable().meta({ description: "In the organization's reporting time zone; lifetime never resets." }),
  budget_alert_percent: z
    .number()
    .int()
    .min(1)
    .max(100)
    .nullable()
    .meta({ description: 'Soft threshold: crossing it raises one budget.threshold alert per period.' }),
  effective_budget: z
    .object({
      scope: z.enum(['key', 'organization']),
      budget_micros: Micros,
      period: BudgetPeriod,
      spent_micros: Micros.meta({ description: 'Counted this period: settled costs plus the worst case of calls still running.' }),
      remaining_micros: Micros,
      resets_at: z
        .string()
        .nullable()
        .meta({ description: "Start of the next period, ISO 8601 in the organization's time zone; null for lifetime.", example: '2026-11-27T00:00:00+09:00' }),
    })
    .nullable()
    .optional()
    .meta({ description: "Listings only: the budget that binds the key now, its own or the organization's, whichever has less left; null: none." }),
  expires_at: At.nullable(),
  revoked_at: At.nullable(),
  last_used_at: At.nullable(),
  created_at: At,
  rotated_from_id: Id.nullable(),
});
export const CreatedKey = Key.extend({ key: z.string().meta({ description: 'The secret, shown this once.', example: 'sk-tg-…' }) });
export const KeyList = list(Key);

export const ModelList = list(z.object({ id: z.string(), object: z.literal('model'), created: z.number().int(), owned_by: z.string() }));

const UsageTotals = z.object({
  requests: z.number().int(),
  errors: z.number().int(),
  prompt_tokens: z.number().int(),
  cached_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  cost_micros: Micros,
});
export const UsageSummary = z.object({
  object: z.literal('list'),
  group_by: z.enum(['day', 'model', 'key']),
  from: z.string(),
  to: z.string(),
  truncated: z.boolean(),
  data: z.array(
    UsageTotals.extend({ day: z.string().optional(), model: z.string().optional(), key_id: Id.optional(), key_label: z.string().nullable().optional() }),
  ),
  total: UsageTotals,
  time_zone: z.string().meta({
    example: 'Asia/Tokyo',
    description: "The IANA zone whose calendar the days (`from`, `to` and each `day`) follow: the tenant's reporting time zone, UTC by default.",
  }),
});

export const RequestLog = z.object({
  at: At,
  request_id: z.string(),
  key_id: Id,
  key_label: z.string().nullable(),
  model: z.string(),
  provider: z.string().nullable(),
  upstream_model: z.string().nullable(),
  status: z.number().int(),
  latency_ms: z.number().int(),
  ttft_ms: z.number().int().nullable(),
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  cached_tokens: z.number().int(),
  cost_micros: Micros,
  estimated: z.boolean(),
  stream: z.boolean(),
});
export const RequestLogPage = cursorList(RequestLog);

export const Balance = z.object({ tenant_id: Id, currency: z.string(), balance_micros: Micros });
const Line = z.object({ at: At, kind: z.string(), amount_micros: Micros, reference: z.string().nullable() });
export const Statement = z.object({
  tenant_id: Id,
  month: z.string().meta({ example: '2026-05' }),
  time_zone: z.string().meta({
    example: 'Asia/Tokyo',
    description: "The IANA zone whose calendar the month and usage days follow (the key's reporting time zone; UTC by default).",
  }),
  currency: z.string(),
  opening_balance_micros: Micros,
  credits_micros: Micros,
  refunds_micros: Micros,
  debits_micros: Micros,
  closing_balance_micros: Micros.meta({ description: 'opening + credits + refunds − debits' }),
  credits: z.array(Line),
  refunds: z.array(z.object({ at: At, amount_micros: Micros, credit_note: z.string().nullable(), reason: z.string().nullable() })),
  debits: z.array(Line),
  usage: z.array(
    z.object({
      day: z.string(),
      model: z.string(),
      requests: z.number().int(),
      prompt_tokens: z.number().int(),
      completion_tokens: z.number().int(),
      cached_tokens: z.number().int(),
      cost_micros: Micros,
    }),
  ),
});
export const InvoiceList = list(
  z.object({
    id: Id,
    number: z.string(),
    kind: z.enum(['top_up', 'monthly_statement', 'credit_note', 'credit_receipt']),
    issued_at: At,
    total_micros: Micros,
    currency: z.string(),
    period: z.string().nullable(),
  }),
);
export const CreditNoteList = list(
  z.object({
    id: Id,
    number: z.string().meta({ example: 'CN-2026-000001' }),
    issued_at: At,
    total_micros: Micros,
    currency: z.string(),
    reason: z.string().nullable(),
    refund_of: z.string().nullable().meta({ example: '2 calls' }),
    period: z.string().nullable().meta({ description: 'The statement month of an amount refund.' }),
    request_ids: z.array(z.string()).meta({ description: 'The refunded calls (first 100).' }),
  }),
);

export const AuditPage = cursorList(AuditEntry);

export const Member = z.object({ id: Id, email: z.string(), role: PortalRole, status: z.enum(['active', 'invited']), created_at: At });
export const MemberList = list(Member);
export const Invite = z.object({ user: Member, invite_url: z.string().meta({ example: '/console/accept-invite?token=…' }), expires_at: At });
export const Reset = z.object({ invite_url: z.string(), expires_at: At });
export const SessionList = list(z.object({ id: Id, created_at: At, last_seen_at: At, expires_at: At, current: z.boolean() }));
export const TopUp = z.object({
  id: z.string(),
  provider: z.literal('stripe'),
  url: z.string().meta({ description: "The provider's payment page: send the customer's browser there." }),
  amount_micros: Micros,
  currency: z.string(),
  expires_at: At.nullable(),
});
export const BillingProfile = z.object({
  legal_name: z.string().nullable().meta({ description: 'Printed on documents; when null, the account name is.' }),
  address: z.string().nullable().meta({ description: 'Lines separated by `\\n`.' }),
  tax_id: z.string().nullable(),
  email: z.string().nullable(),
  updated_at: At.nullable(),
});
