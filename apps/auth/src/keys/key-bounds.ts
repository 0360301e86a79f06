import type { MeKeySpec } from '@tollgate/contracts';
import { SCOPES } from '@tollgate/contracts';
import { AuthError } from '../errors/auth.error';
import type { KeySpec } from './keys.service';

/** What a key may hand on through `/me/keys`: its own scopes, models, expiry and per-key limits. */
export type KeyBounds = { scopes: string[]; models: string[]; expiresAt: Date | null; rpmLimit: number | null; tpmLimit: number | null };

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
 * refused (403), expiry and rate limits become the tighter of the requested and the caller's.
 */
export function narrowSpec(caller: KeyBounds, spec: MeKeySpec): KeySpec {
  const unknown = (spec.scopes ?? []).find((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown) throw new AuthError('invalid_request', `Unknown scope '${unknown}'.`, 'scopes');
  const scopes = spec.scopes ?? caller.scopes;
  const extra = scopes.find((s) => !caller.scopes.includes(s));
  if (extra) throw new AuthError('scope_escalation', `You cannot grant the '${extra}' scope, which you do not have.`, 'scopes');
  let models = spec.models;
  if (caller.models.length) {
    models = models && models.length ? models : caller.models;
    const outside = models.find((m) => !caller.models.includes(m));
    if (outside) throw new AuthError('scope_escalation', `You cannot grant the model '${outside}', which you may not use.`, 'models');
  }
  return {
    label: spec.label,
    scopes,
    models,
    expiresAt: earlier(spec.expiresAt, caller.expiresAt),
    rateLimits: { rpm: tighter(spec.rateLimits?.rpm, caller.rpmLimit), tpm: tighter(spec.rateLimits?.tpm, caller.tpmLimit) },
  };
}

/** Why the caller could not have created `target` (the first reason), or null when it could have. */
export function widerThan(caller: KeyBounds, target: KeyBounds): string | null {
  const scope = target.scopes.find((s) => !caller.scopes.includes(s));
  if (scope) return `it has the '${scope}' scope`;
  if (caller.models.length && !target.models.length) return 'it may use every model';
  const model = caller.models.length ? target.models.find((m) => !caller.models.includes(m)) : undefined;
  if (model) return `it may use the model '${model}'`;
  if (caller.expiresAt && (!target.expiresAt || target.expiresAt > caller.expiresAt)) return 'it expires later';
  if (caller.rpmLimit !== null && (target.rpmLimit === null || target.rpmLimit > caller.rpmLimit)) return 'its requests-per-minute limit is higher';
  if (caller.tpmLimit !== null && (target.tpmLimit === null || target.tpmLimit > caller.tpmLimit)) return 'its tokens-per-minute limit is higher';
  return null;
}
