import { type Budget, type Scope, scopesOf } from '@tollgate/contracts';
import { budgetOf } from './budget';
import type { EffectiveBudget } from './budget-status.service';
import type { KeyRow } from './keys.repository';

export type KeyStatus = 'active' | 'revoked' | 'expired';

export interface KeyView {
  id: string;
  tenantId: string;
  label: string;
  prefix: string;
  last4: string;
  /** What listings show instead of the key: prefix, an ellipsis and the last 4 characters. */
  masked: string;
  scopes: Scope[];
  models: string[];
  /** Provider allow-list (catalog provider names); empty = any. The tenant's list also applies. */
  providers: string[];
  status: KeyStatus;
  rateLimits: { rpm: number | null; tpm: number | null };
  /** The key's own spend limit; null = none (its tenant's may still apply). */
  budget: Budget | null;
  /** Listings only: the budget that binds the key now (its own or its tenant's, the one with less left). */
  effectiveBudget?: EffectiveBudget | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  rotatedFromId: string | null;
}

/** Returned once, by create and rotate: the only response that ever carries the raw key. */
export interface CreatedKeyView extends KeyView {
  key: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function statusOf(row: Pick<KeyRow, 'revokedAt' | 'expiresAt'>, now = new Date()): KeyStatus {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt <= now) return 'expired';
  return 'active';
}

export function toKeyView(row: KeyRow): KeyView {
  return {
    id: row.id,
    tenantId: row.tenantId,
    label: row.label,
    prefix: row.prefix,
    last4: row.last4,
    masked: `${row.prefix}...${row.last4}`,
    scopes: scopesOf(row.scopes),
    models: row.models,
    providers: row.providers,
    status: statusOf(row),
    rateLimits: { rpm: row.rpmLimit, tpm: row.tpmLimit },
    budget: budgetOf(row),
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
    lastUsedAt: iso(row.lastUsedAt),
    createdAt: row.createdAt.toISOString(),
    rotatedFromId: row.rotatedFromId,
  };
}
