import type { MeKeySpec, Scope } from '@tollgate/contracts';
import { isScope, scopesOf } from '@tollgate/contracts';
import { AuthError } from '../errors/auth.error';
import type { KeySpec } from './keys.service';

/** A new key's scopes when none are asked for: calling models and reading the balance; never managing keys or money. */
export const DEFAULT_SCOPES: readonly Scope[] = ['chat:write', 'embeddings:write', 'models:read', 'billing:read'];

/** What a key may hand on through `/me/keys`: its own scopes, models, providers, expiry and per-key limits. */
export type KeyBounds = {
  scopes: Scope[];
  models: string[];
  providers: string[];
  expiresAt: Date | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  /** The key's own budget amount (any period); null or absent = none (a portal user). */
  budgetMicros?: bigint | number | null;
  /** The caller's own key id (absent for a portal user). */
  id?: string;
};

/** A stored key's bounds: its scopes as the Scope type (a stored scope no longer known grants nothing). */
export function boundsOf<T extends Omit<KeyBounds, 'scopes'> & { scopes: readonly string[] }>(row: T): Omit<T, 'scopes'> & KeyBounds {
  return { ...row, scopes: scopesOf(row.scopes) };
}

/**
 * An allow-list (empty = any) confined to the caller's: omitted or empty inherits the caller's
 * own, so a caller with a list never creates an unrestricted key; an entry outside it is refused.
 */
function narrowList(requested: string[] | undefined, own: string[], refuse: (outside: string) => never): string[] | undefined {
  if (!own.length) return requested;
  const list = requested && requested.length ? requested : own;
  const outside = list.find((x) => !own.includes(x));
  if (outside !== undefined) refuse(outside);
  return list;
}

/** The first entry of `target` (empty = any) the caller's list (empty = any) does not allow: null when none; '*' for "every one". */
function beyond(own: string[], target: string[]): string | null {
  if (!own.length) return null;
  if (!target.length) return '*';
  return target.find((x) => !own.includes(x)) ?? null;
}

/** null means unlimited (or never): the tighter of two is the smaller one that is set. */
function tighter(a: number | null | undefined, b: number | null): number | null {
  if (a === null || a === undefined) return b;
  return b === null ? a : Math.min(a, b);
}

function earlier(requested: string | undefined, own: Date | null): string | undefined {
  if (!own) return requested;
  return requested && Date.parse(requested) < own.getTime() ? requested : own.toISOString();
}

/**
 * A key the caller asks for, confined to the caller: scopes and models outside its own are
 * refused (403), omitted scopes are the defaults the caller holds, expiry and rate limits become
 * the tighter of the requested and the caller's.
 */
export function narrowSpec(caller: KeyBounds, spec: MeKeySpec): KeySpec {
  const unknown = (spec.scopes ?? []).find((s) => !isScope(s));
  if (unknown) throw new AuthError('invalid_request', `Unknown scope '${unknown}'.`, 'scopes');
  // None asked for: the default scopes the caller holds, never all of the caller's own (a key made by
  // an owner with no scope ticked must not manage keys or start top-ups).
  const scopes = spec.scopes ? spec.scopes.filter(isScope) : DEFAULT_SCOPES.filter((s) => caller.scopes.includes(s));
  const extra = scopes.find((s) => !caller.scopes.includes(s));
  if (extra) throw new AuthError('scope_escalation', `You cannot grant the '${extra}' scope, which you do not have.`, 'scopes');
  const models = narrowList(spec.models, caller.models, (m) => {
    throw new AuthError('scope_escalation', `You cannot grant the model '${m}', which you may not use.`, 'models');
  });
  const providers = narrowList(spec.providers, caller.providers, (p) => {
    throw new AuthError('scope_escalation', `You cannot grant the provider '${p}', which you may not use.`, 'providers');
  });
  return {
    label: spec.label,
    scopes,
    models,
    providers,
    expiresAt: earlier(spec.expiresAt, caller.expiresAt),
    rateLimits: { rpm: tighter(spec.rateLimits?.rpm, caller.rpmLimit), tpm: tighter(spec.rateLimits?.tpm, caller.tpmLimit) },
  };
}

/** Why the caller could not have created `target` (the first reason), or null when it could have. */
export function widerThan(caller: KeyBounds, target: KeyBounds): string | null {
  const scope = target.scopes.find((s) => !caller.scopes.includes(s));
  if (scope) return `it has the '${scope}' scope`;
  const model = beyond(caller.models, target.models);
  if (model) return model === '*' ? 'it may use every model' : `it may use the model '${model}'`;
  const provider = beyond(caller.providers, target.providers);
  if (provider) return provider === '*' ? 'it may use every provider' : `it may use the provider '${provider}'`;
  if (caller.expiresAt && (!target.expiresAt || target.expiresAt > caller.expiresAt)) return 'it expires later';
  if (caller.rpmLimit !== null && (target.rpmLimit === null || target.rpmLimit > caller.rpmLimit)) return 'its requests-per-minute limit is higher';
  if (caller.tpmLimit !== null && (target.tpmLimit === null || target.tpmLimit > caller.tpmLimit)) return 'its tokens-per-minute limit is higher';
  const own = caller.budgetMicros ?? null;
  const theirs = target.budgetMicros ?? null;
  if (own !== null && (theirs === null || Number(theirs) > Number(own))) return 'its budget is higher';
  return null;
}
