import { z } from 'zod';
import { Budget, BudgetPeriod, MAX_RATE_LIMIT, MeBudgetPatch, MeKeySpec } from '@tollgate/contracts';

/**
 * /me/keys on the wire: snake_case like the OpenAI and Anthropic APIs our customers already call.
 * Auth answers in its own (camelCase) key view; the mapping to and from the public names is here, once.
 */

/** Auth's key view as auth.me.keys.v1 carries it (the contract leaves `result` open): checked at the boundary. */
const AuthKey = z.object({
  id: z.string(),
  tenantId: z.string(),
  label: z.string(),
  prefix: z.string(),
  last4: z.string(),
  masked: z.string(),
  scopes: z.array(z.string()),
  models: z.array(z.string()),
  providers: z.array(z.string()),
  status: z.enum(['active', 'revoked', 'expired']),
  rateLimits: z.object({ rpm: z.number().int().nullable(), tpm: z.number().int().nullable() }),
  budget: Budget.nullable().optional(),
  effectiveBudget: z
    .object({
      scope: z.enum(['key', 'tenant']),
      micros: z.number().int(),
      period: BudgetPeriod,
      spentMicros: z.number().int(),
      remainingMicros: z.number().int(),
      resetsAt: z.string().nullable(),
    })
    .nullable()
    .optional(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
  rotatedFromId: z.string().nullable(),
});
const AuthCreatedKey = AuthKey.extend({ key: z.string() });
const AuthKeyList = z.object({ data: z.array(AuthKey) });

export interface PublicKey {
  id: string;
  tenant_id: string;
  label: string;
  prefix: string;
  last4: string;
  /** What listings show instead of the key: `sk-tg-...abcd`. */
  masked: string;
  scopes: string[];
  models: string[];
  /** Provider allow-list (catalog provider names); empty = any (the tenant's policy still applies). */
  providers: string[];
  status: 'active' | 'revoked' | 'expired';
  rate_limits: { rpm: number | null; tpm: number | null };
  /** The key's own spend limit in micro-units per budget_period; null = none (the organization's may still apply). */
  budget_micros: number | null;
  budget_period: BudgetPeriod | null;
  /** Soft threshold: percent of the budget whose crossing raises a budget.threshold alert. */
  budget_alert_percent: number | null;
  /** Listings: the budget that binds the key now (its own or the organization's, whichever has less left). */
  effective_budget?: PublicEffectiveBudget | null;
  /** ISO 8601 times; null where there is none. */
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
  rotated_from_id: string | null;
}

export interface PublicEffectiveBudget {
  scope: 'key' | 'organization';
  budget_micros: number;
  period: BudgetPeriod;
  /** Counted this period: settled costs plus the worst case of calls still running. */
  spent_micros: number;
  remaining_micros: number;
  /** When the period ends, in the organization's reporting time zone; null for a lifetime budget. */
  resets_at: string | null;
}

/** Create and rotate: the only answers that carry the raw key. */
export interface PublicCreatedKey extends PublicKey {
  key: string;
}

export interface PublicKeyList {
  object: 'list';
  data: PublicKey[];
}

function toPublicKey(k: z.infer<typeof AuthKey>): PublicKey {
  return {
    id: k.id,
    tenant_id: k.tenantId,
    label: k.label,
    prefix: k.prefix,
    last4: k.last4,
    masked: k.masked,
    scopes: k.scopes,
    models: k.models,
    providers: k.providers,
    status: k.status,
    rate_limits: { rpm: k.rateLimits.rpm, tpm: k.rateLimits.tpm },
    budget_micros: k.budget?.micros ?? null,
    budget_period: k.budget?.period ?? null,
    budget_alert_percent: k.budget?.alertPercent ?? null,
    ...(k.effectiveBudget !== undefined ? { effective_budget: k.effectiveBudget && toPublicEffective(k.effectiveBudget) } : {}),
    expires_at: k.expiresAt,
    revoked_at: k.revokedAt,
    last_used_at: k.lastUsedAt,
    created_at: k.createdAt,
    rotated_from_id: k.rotatedFromId,
  };
}

function toPublicEffective(e: NonNullable<z.infer<typeof AuthKey>['effectiveBudget']>): PublicEffectiveBudget {
  return {
    scope: e.scope === 'key' ? 'key' : 'organization',
    budget_micros: e.micros,
    period: e.period,
    spent_micros: e.spentMicros,
    remaining_micros: e.remainingMicros,
    resets_at: e.resetsAt,
  };
}

export function toPublicKeyList(result: unknown): PublicKeyList {
  return { object: 'list', data: AuthKeyList.parse(result).data.map(toPublicKey) };
}

export function toPublicRevokedKey(result: unknown): PublicKey {
  return toPublicKey(AuthKey.parse(result));
}

export function toPublicCreatedKey(result: unknown): PublicCreatedKey {
  const k = AuthCreatedKey.parse(result);
  return { ...toPublicKey(k), key: k.key };
}

const spec = MeKeySpec.shape;

/** POST /me/keys. Strict: a field in another spelling (`expiresAt`) is refused, never silently dropped. */
export const CreateKeyBody = z.strictObject({
  label: spec.label,
  scopes: spec.scopes,
  models: spec.models,
  providers: spec.providers,
  expires_at: spec.expiresAt,
  rate_limits: z
    .strictObject({
      rpm: z.number().int().positive().max(MAX_RATE_LIMIT).nullable().optional(),
      tpm: z.number().int().positive().max(MAX_RATE_LIMIT).nullable().optional(),
    })
    .optional(),
});
export type CreateKeyBody = z.infer<typeof CreateKeyBody>;

export function toKeySpec(body: CreateKeyBody): MeKeySpec {
  return { label: body.label, scopes: body.scopes, models: body.models, providers: body.providers, expiresAt: body.expires_at, rateLimits: body.rate_limits };
}

/** POST /me/keys/{id}/rotate; an empty body is accepted. */
const GRACE = 'a whole number of seconds from 0 to 2,592,000 (30 days)';
export const RotateKeyBody = z.strictObject({
  grace_period_seconds: z.number({ error: GRACE }).int(GRACE).min(0, GRACE).max(2592000, GRACE).optional(),
});

const budgetPatch = MeBudgetPatch.shape;

/** PATCH /me/keys/{id}: a new name and/or the key's budget (budget_micros null removes it). */
export const UpdateKeyBody = z
  .strictObject({
    label: spec.label.optional(),
    budget_micros: budgetPatch.micros,
    budget_period: budgetPatch.period,
    budget_alert_percent: budgetPatch.alertPercent,
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'Send a label or a budget field (budget_micros, budget_period, budget_alert_percent).',
  });
export type UpdateKeyBody = z.infer<typeof UpdateKeyBody>;

/** The budget part of a PATCH, or null when it names no budget field. */
export function toBudgetPatch(body: UpdateKeyBody): MeBudgetPatch | null {
  const patch = { micros: body.budget_micros, period: body.budget_period, alertPercent: body.budget_alert_percent };
  return Object.values(patch).some((v) => v !== undefined) ? patch : null;
}
