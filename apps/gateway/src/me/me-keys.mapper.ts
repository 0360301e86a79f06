import { z } from 'zod';
import { MeKeySpec } from '@tollgate/contracts';

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
  /** ISO 8601 times; null where there is none. */
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
  rotated_from_id: string | null;
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
    expires_at: k.expiresAt,
    revoked_at: k.revokedAt,
    last_used_at: k.lastUsedAt,
    created_at: k.createdAt,
    rotated_from_id: k.rotatedFromId,
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
  rate_limits: z.strictObject({ rpm: z.number().int().positive().nullable().optional(), tpm: z.number().int().positive().nullable().optional() }).optional(),
});
export type CreateKeyBody = z.infer<typeof CreateKeyBody>;

export function toKeySpec(body: CreateKeyBody): MeKeySpec {
  return { label: body.label, scopes: body.scopes, models: body.models, providers: body.providers, expiresAt: body.expires_at, rateLimits: body.rate_limits };
}

/** POST /me/keys/{id}/rotate; an empty body is accepted. */
export const RotateKeyBody = z.strictObject({ grace_period_seconds: z.number().int().min(0).max(2592000).optional() });

/** PATCH /me/keys/{id}: the new name. */
export const RenameKeyBody = z.strictObject({ label: spec.label });
