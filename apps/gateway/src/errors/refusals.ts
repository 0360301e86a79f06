import type { GatewayErrorCode } from './gateway.error';

/**
 * The gateway's own refusals: the caller is unknown (401), lacks a right (403 scope, model or
 * provider policy, credit, budget), is over a limit (429), or the gateway will not serve what it cannot
 * verify or bill (503). Their code is the `reason` of tollgate_refusals_total and the access
 * log's `refusal`. A malformed request, an unknown model or an upstream failure is not one.
 */
const REFUSALS: ReadonlySet<GatewayErrorCode> = new Set<GatewayErrorCode>([
  'invalid_api_key',
  'not_signed_in',
  'missing_scope',
  'model_not_allowed',
  'provider_not_allowed',
  'key_not_manageable',
  'session_required',
  'csrf_failed',
  'insufficient_credits',
  'budget_exceeded',
  'rate_limited',
  'model_not_priced',
  'auth_unavailable',
  'billing_unavailable',
]);

/** The refusal reason of an error answered on the public port, or null when it is not a refusal. */
export function refusalReason(code: GatewayErrorCode): GatewayErrorCode | null {
  return REFUSALS.has(code) ? code : null;
}
