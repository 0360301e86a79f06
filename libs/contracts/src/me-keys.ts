import { z } from 'zod';
import { TenantId } from './tenant-id';
import { BudgetPeriod } from './auth';

/**
 * Who manages the tenant's keys through /me: a key with `keys:manage` (auth checks its bounds
 * against the key's own row), or a portal user (bounds from the user's role as auth has it now).
 */
const KeyActor = z.object({
  tenantId: TenantId,
  keyId: z.string().uuid(),
  scopes: z.array(z.string()),
  models: z.array(z.string()),
});
const UserActor = z.object({ tenantId: TenantId, userId: z.string().uuid() });
export const MeActor = z.union([KeyActor, UserActor]);
/** As a sender builds it (a tenant id is a plain string; parsed, it is a TenantId). */
export type MeActor = z.input<typeof MeActor>;
const Actor = MeActor;

/** The largest requests or tokens per minute a limit may name (the limits are stored as 32-bit integers). */
export const MAX_RATE_LIMIT = 2_147_483_647;

/** Characters a key's name may not hold: C0 and C1 controls (a line break or a bell shows as a box in every list, log and document). */
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** A key's name: 1 to 100 characters, at least one of them visible, no control characters. */
export const KeyLabel = z
  .string({ error: 'a key needs a name' })
  .max(100, 'a key name is at most 100 characters')
  .refine((v) => v.trim().length > 0, 'a key needs a name')
  .refine((v) => !CONTROL_CHARS.test(v), 'a key name cannot hold control characters (line breaks, tabs and the like)');

/** Whether `label` is a key name KeyLabel takes (for class-validator on the admin API). */
export const isKeyLabel = (label: unknown): boolean => KeyLabel.safeParse(label).success;

export const MeKeySpec = z.object({
  label: KeyLabel,
  scopes: z.array(z.string()).optional(),
  models: z.array(z.string().min(1).max(200)).max(200).optional(),
  /** Provider allow-list (catalog provider names); omitted or empty: the caller's own (any, for a caller without one). */
  providers: z.array(z.string().min(1).max(200)).max(50).optional(),
  expiresAt: z.string().datetime({ offset: true }).optional(),
  rateLimits: z
    .object({
      rpm: z.number().int().positive().max(MAX_RATE_LIMIT).nullable().optional(),
      tpm: z.number().int().positive().max(MAX_RATE_LIMIT).nullable().optional(),
    })
    .optional(),
});
export type MeKeySpec = z.infer<typeof MeKeySpec>;

/** A change to a key's budget through /me: `micros: null` removes it; omitted fields keep their value. */
export const MeBudgetPatch = z.object({
  micros: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  period: BudgetPeriod.optional(),
  alertPercent: z.number().int().min(1).max(100).nullable().optional(),
});
export type MeBudgetPatch = z.infer<typeof MeBudgetPatch>;

export const MeKeysRequest = z.discriminatedUnion('op', [
  z.object({ op: z.literal('list'), actor: Actor }),
  z.object({ op: z.literal('create'), actor: Actor, spec: MeKeySpec }),
  z.object({ op: z.literal('rotate'), actor: Actor, keyId: z.string(), gracePeriodSeconds: z.number().int().min(0).max(2592000).optional() }),
  z.object({ op: z.literal('revoke'), actor: Actor, keyId: z.string() }),
  z.object({ op: z.literal('rename'), actor: Actor, keyId: z.string(), label: MeKeySpec.shape.label }),
  z.object({ op: z.literal('delete'), actor: Actor, keyId: z.string() }),
  z.object({ op: z.literal('budget'), actor: Actor, keyId: z.string(), budget: MeBudgetPatch }),
]);
/** As the gateway sends it (auth's handler gets it parsed: HandledRequestOf<'meKeys'>). */
export type MeKeysRequest = z.input<typeof MeKeysRequest>;

/**
 * forbidden: the caller would grant a scope or model it lacks; not_manageable: the target key is
 * wider than the caller (or the caller is no longer live); conflict: the key is revoked or already rotated.
 */
export const MeKeysReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    code: z.enum(['not_found', 'invalid_request', 'forbidden', 'not_manageable', 'conflict']),
    message: z.string(),
    param: z.string().nullable(),
  }),
]);
export type MeKeysReply = z.infer<typeof MeKeysReply>;
