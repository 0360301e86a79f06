import { Injectable } from '@nestjs/common';
import { grantsScope, Principal } from '@tollgate/contracts';
import type { Scope, TEAM_SCOPE } from '@tollgate/contracts';
import type { HoldMeta } from '@tollgate/credit';
import type { IncomingHttpHeaders } from 'node:http';
import { GatewayErrors } from '../errors/gateway.error';
import { apiKeyOf } from './api-key';
import { Admission, EdgeGate } from './edge-gate.service';
import { KeyVerifier } from './key-verifier.service';

/** A scope a public route may require: a key's scopes, and the portal's team scope (sessions only). */
export type RouteScope = Scope | typeof TEAM_SCOPE;

/** What a call asks of admission: the credit hold its handler sized from the body (0: none), and its tokens for the token limits. */
export interface AdmissionNeed {
  holdMicros: number;
  tokens: number;
  /** Describes a metered call for billing, should this gateway die while it runs. */
  meta?: HoldMeta;
}

/** A call that holds nothing: models, count_tokens, stored responses, /me. */
export const FREE: AdmissionNeed = { holdMicros: 0, tokens: 0 };

/** The caller being admitted: its key's principal, the request id (the hold's id) and the scope its route declared. */
export interface AdmittedCaller {
  readonly principal: Principal;
  readonly requestId: string;
  readonly scope: RouteScope | null;
}

/**
 * The one admission of every public route (hot routes, Nest /v1 routes, the /me guard for keys):
 *   authenticate — the key from the header (never the body), verified: syntax and checksum,
 *                  the in-process principal cache, auth over NATS on a miss (401 / 503);
 *   admit        — EdgeGate's one Redis round trip (revocation, rate limits, budgets, the credit
 *                  hold the handler sized), then the route's scope (403).
 * A call whose key lacks the route's scope is admitted holding nothing (revocation and the
 * request rate still apply, so a revoked key hears 401 first) and then refused.
 */
@Injectable()
export class AdmissionService {
  constructor(
    private readonly verifier: KeyVerifier,
    private readonly gate: EdgeGate,
  ) {}

  /** The principal of the key the request presents in its headers, or the 401/503 GatewayError. */
  authenticate(headers: IncomingHttpHeaders): Promise<Principal> {
    return this.verifier.verifyPresented(apiKeyOf(headers));
  }

  /**
   * Admits `caller` with `need`; resolves to EdgeGate's admission (its `headers`: the rate-limit
   * headers for the answer, empty when no limit is set). No promise or await of its own on the way:
   * the hot path pays for EdgeGate's round trip only.
   */
  admit(caller: AdmittedCaller, need: AdmissionNeed = FREE): Promise<Admission> {
    const scope = caller.scope;
    if (scope === null || grantsScope(caller.principal.scopes, scope)) return this.gate.admit(caller.principal, caller.requestId, need);
    return this.gate.admit(caller.principal, caller.requestId, FREE).then(({ headers }) => {
      throw GatewayErrors.missingScope(scope, { headers });
    });
  }
}

/** A portal session's scope check (its role's scopes), worded for the user; keys are checked by AdmissionService.admit. */
export function requireRoleScope(scopes: readonly string[], scope: RouteScope | null, role: string): void {
  if (scope !== null && !grantsScope(scopes, scope)) throw GatewayErrors.missingScope(scope, { who: `Your role (${role}) does not have` });
}
