import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { grantsScope, ROLE_SCOPES } from '@tollgate/contracts';
import { apiKeyOf } from '../edge/api-key';
import { EdgeGate } from '../edge/edge-gate.service';
import { KeyVerifier } from '../edge/key-verifier.service';
import { GatewayError, GatewayErrors, invalidKey } from '../errors/gateway.error';
import { csrfProblem } from './csrf.guard';
import type { MeCaller, MeRequest } from './me-caller';
import { PortalClient } from './portal-client';
import { sessionRequired } from './me-portal.client';
import { sessionDigest, sessionIdOf } from './session-cookie';

const SCOPE = 'tollgate:me-scope';

/** The scope a /me route needs, declared once on the route; MeAuthGuard enforces it. */
export const MeScope = (scope: string) => SetMetadata(SCOPE, scope);

const SESSION_ONLY = 'tollgate:me-session-only';

/** Routes about a signed-in portal user (its sessions, password, team): an API key is refused whatever its scopes. */
export const MeSessionOnly = () => SetMetadata(SESSION_ONLY, true);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one way into /me/*: an API key (verified, then admitted: revocation and request rate) or,
 * with no key presented, the portal session cookie (verified with auth on every call, so a
 * sign-out or removed user ends at once; state-changing calls pass the CSRF check). Then the
 * route's scope. Sets `req.caller`.
 */
@Injectable()
export class MeAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: KeyVerifier,
    private readonly gate: EdgeGate,
    private readonly portal: PortalClient,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<MeRequest>();
    const scope = this.reflector.get<string | undefined>(SCOPE, context.getHandler()) ?? this.reflector.get<string | undefined>(SCOPE, context.getClass());
    req.caller = this.hasKey(req) ? await this.keyCaller(req, http.getResponse<FastifyReply>()) : await this.sessionCaller(req);
    if (req.caller.kind === 'key' && this.sessionOnly(context)) throw sessionRequired();
    if (scope && !grantsScope(req.caller.scopes, scope)) throw missingScope(req.caller, scope);
    return true;
  }

  private sessionOnly(context: ExecutionContext): boolean {
    return this.reflector.getAllAndOverride<boolean | undefined>(SESSION_ONLY, [context.getHandler(), context.getClass()]) === true;
  }

  private hasKey(req: FastifyRequest): boolean {
    return req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined || sessionIdOf(req.headers.cookie) === null;
  }

  private async keyCaller(req: FastifyRequest, reply: FastifyReply): Promise<MeCaller> {
    const principal = await this.verifier.verifyPresented(apiKeyOf(req.headers));
    reply.headers((await this.gate.admit(principal, String(req.id), { holdMicros: 0, tokens: 0 })).headers);
    return { kind: 'key', tenantId: principal.tenantId, scopes: principal.scopes, principal };
  }

  private async sessionCaller(req: FastifyRequest): Promise<MeCaller> {
    const id = sessionIdOf(req.headers.cookie);
    if (!id) throw invalidKey();
    const res = await this.portal.ask('sessionsVerify', { digest: sessionDigest(id) });
    if (!res.ok) throw GatewayErrors.notSignedIn();
    if (!SAFE_METHODS.has(req.method)) {
      const problem = csrfProblem(req);
      if (problem) throw GatewayErrors.csrfFailed(problem);
    }
    return { kind: 'session', tenantId: res.user.tenantId, scopes: ROLE_SCOPES[res.user.role], user: res.user, sessionId: res.sessionId, timeZone: res.timeZone };
  }
}

function missingScope(caller: MeCaller, scope: string): GatewayError {
  const who = caller.kind === 'key' ? 'This API key does not have' : `Your role (${caller.user.role}) does not have`;
  return GatewayErrors.missingScope(scope, who);
}
