import { z } from 'zod';
import { TenantId } from './tenant-id';

export const SCOPES = [
  'chat:write',
  'embeddings:write',
  'models:read',
  'billing:read',
  /** Start a top-up (a payment with the configured provider); not in the default key scopes. */
  'billing:write',
  'keys:manage',
  'keys:read',
  'usage:read',
] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

/** True when `value` is one of the key scopes. */
export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** The known scopes of a stored list (a row's `scopes` column), in order; anything else is dropped, never granted. */
export function scopesOf(values: readonly string[]): Scope[] {
  return values.filter(isScope);
}

/** What a scope also grants: managing keys includes listing them; billing includes usage and logs. */
const IMPLIED: Partial<Record<Scope, readonly Scope[]>> = {
  'keys:manage': ['keys:read'],
  'billing:read': ['usage:read'],
};

/** True when `held` (a key's or a session's scopes) grants `needed`, directly or by implication. */
export function grantsScope(held: readonly string[], needed: string): boolean {
  return held.includes(needed) || held.some((s) => Object.hasOwn(IMPLIED, s) && (IMPLIED[s as Scope]?.includes(needed as Scope) ?? false));
}

/** auth.keys.verify.v1 request: the SHA-256 hex digest of the presented key, never the key. */
export const VerifyKeyRequest = z.object({
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});
export type VerifyKeyRequest = z.infer<typeof VerifyKeyRequest>;

export const BUDGET_PERIODS = ['day', 'week', 'month', 'lifetime'] as const;
/** A budget's period, in the tenant's reporting time zone (`lifetime` never resets). */
export const BudgetPeriod = z.enum(BUDGET_PERIODS);
export type BudgetPeriod = z.infer<typeof BudgetPeriod>;

/** A spend limit in micro-units per period, with an optional soft threshold (percent of it) that raises an alert. */
export const Budget = z.object({
  micros: z.number().int().positive(),
  period: BudgetPeriod,
  alertPercent: z.number().int().min(1).max(100).nullable(),
});
export type Budget = z.infer<typeof Budget>;

export const Principal = z.object({
  tenantId: TenantId,
  keyId: z.string().uuid(),
  label: z.string(),
  scopes: z.array(z.string()),
  /** Allow-list of model names; empty means every model registered for the tenant. */
  models: z.array(z.string()),
  /**
   * Providers (catalog provider names) that may serve this key: the key's allow-list intersected
   * with its tenant's. Absent or null: any provider. An empty list: none (the two share no provider).
   */
  providers: z.array(z.string()).nullable().optional(),
  /** ISO timestamp, or null for a key that does not expire. */
  expiresAt: z.string().datetime().nullable(),
  /** Per-minute limits enforced by every gateway together; null = unlimited. */
  limits: z.object({
    keyRpm: z.number().int().positive().nullable(),
    keyTpm: z.number().int().positive().nullable(),
    tenantRpm: z.number().int().positive().nullable(),
    tenantTpm: z.number().int().positive().nullable(),
  }),
  /**
   * Spend limits enforced in the admission round trip: the key's own, its tenant's (null = none),
   * and the tenant's reporting time zone (IANA) that their periods follow. Absent: no budgets.
   */
  budgets: z
    .object({
      key: Budget.nullable(),
      tenant: Budget.nullable(),
      timeZone: z.string(),
      /** The id the key's spend is counted under (a rotated key keeps its predecessor's); absent = keyId. */
      spendId: z.string().uuid().optional(),
    })
    .optional(),
});
/** As a sender builds it (a tenant id is a plain string; parsed, it is a TenantId). */
export type Principal = z.input<typeof Principal>;

export const DenyReason = z.enum(['unknown', 'revoked', 'expired']);
export type DenyReason = z.infer<typeof DenyReason>;

export const VerifyKeyReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), principal: Principal }),
  z.object({ ok: z.literal(false), reason: DenyReason }),
]);
/** As auth answers it (the gateway gets it parsed: ReplyOf<'keysVerify'>). */
export type VerifyKeyReply = z.input<typeof VerifyKeyReply>;

/** auth.keys.changed.v1: drop any cached principal for this key, everywhere. */
export const KeyChangedEvent = z.object({
  keyId: z.string().uuid(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  change: z.enum(['revoked', 'deleted', 'rotated', 'updated']),
});
export type KeyChangedEvent = z.infer<typeof KeyChangedEvent>;

/** auth.tenants.changed.v1: a tenant-wide setting every key's principal carries changed: drop the tenant's cached principals, everywhere. */
export const TenantChangedEvent = z.object({
  tenantId: TenantId,
  change: z.enum(['limits', 'provider_policy', 'budget', 'time_zone']),
});
export type TenantChangedEvent = z.infer<typeof TenantChangedEvent>;

/** The providers a key may use: its own allow-list and its tenant's (each empty = any), intersected; null = any. */
export function effectiveProviders(keyProviders: readonly string[], tenantProviders: readonly string[]): string[] | null {
  if (!keyProviders.length) return tenantProviders.length ? [...tenantProviders] : null;
  return tenantProviders.length ? keyProviders.filter((p) => tenantProviders.includes(p)) : [...keyProviders];
}

/**
 * Redis key that marks a key as refused from a time on (0 = now); read by the gateway's
 * single round trip. It shares the tenant's hash tag with the tenant's credit and rate keys.
 */
export function revokedKey(tenantId: string, keyId: string): string {
  return `{c:${tenantId}}:revoked:${keyId}`;
}

/** auth.tenants.get.v1: does this tenant exist (billing, before it credits a payment to it)? */
export const TenantGetRequest = z.object({ tenantId: TenantId });
export const TenantGetReply = z.discriminatedUnion('found', [
  z.object({ found: z.literal(true), tenantId: z.string().uuid(), name: z.string() }),
  z.object({ found: z.literal(false) }),
]);
export type TenantGetReply = z.infer<typeof TenantGetReply>;
