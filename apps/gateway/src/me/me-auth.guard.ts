import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ROLE_SCOPES } from '@tollgate/contracts';
import { AdmissionService, requireRoleScope } from '../edge/admission.service';
import { GatewayErrors, invalidKey } from '../errors/gateway.error';
import type { RouteScope } from '../edge/admission.service';
import type { Authentication } from '../http/public-routes';
import { csrfProblem } from './csrf.guard';
import type { MeCaller, MeRequest } from './me-caller';
import { PortalClient } from './portal-client';
import { sessionRequired } from './me-portal.client';
import { sessionDigest, sessionIdOf } from './session-cookie';

const SCOPE = 'tollgate:me-scope';

/** The scope a /me route needs, declared once on the route (or its controller); MeAuthGuard enforces it. */
export const MeScope = (scope: RouteScope) => SetMetadata(SCOPE, scope);

const SESSION_ONLY = 'tollgate:me-session-only';

/** Routes about a signed-in portal user (its sessions, password, team): an API key is refused whatever its scopes. */
export const MeSessionOnly = () => SetMetadata(SESSION_ONLY, true);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one way into /me/*: an API key, through the same admission as /v1 (AdmissionService: the key
 * from the header, revocation, request rate, then the route's scope) or, with no key presented,
 * the portal session cookie (verified with auth on every call, so a sign-out or removed user ends
 * at once; state-changing calls pass the CSRF check; scopes from the user's role). A route declares
 * its scope (@MeScope) and whether it takes sessions only (@MeSessionOnly; else key-or-session).
 * Sets `req.caller`.
 */
@Injectable()
export class MeAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly admission: AdmissionService,
    private readonly portal: PortalClient,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<MeRequest>();
    const scope = this.reflector.getAllAndOverride<RouteScope | undefined>(SCOPE, [context.getHandler(), context.getClass()]) ?? null;
    const auth = this.authOf(context);
    if (this.hasKey(req)) req.caller = await this.keyCaller(req, http.getResponse<FastifyReply>(), auth === 'session' ? null : scope);
    else req.caller = await this.sessionCaller(req, scope);
    if (req.caller.kind === 'key' && auth === 'session') throw sessionRequired();
    return true;
  }

  private authOf(context: ExecutionContext): Authentication {
    const sessionOnly = this.reflector.getAllAndOverride<boolean | undefined>(SESSION_ONLY, [context.getHandler(), context.getClass()]);
    return sessionOnly === true ? 'session' : 'key-or-session';
  }

  private hasKey(req: FastifyRequest): boolean {
    return req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined || sessionIdOf(req.headers.cookie) === null;
  }

  /** A key is admitted like any /v1 call; a session-only route then refuses it (after revocation, so a revoked key hears 401). */
  private async keyCaller(req: FastifyRequest, reply: FastifyReply, scope: RouteScope | null): Promise<MeCaller> {
    const principal = await this.admission.authenticate(req.headers);
    void reply.headers((await this.admission.admit({ principal, requestId: String(req.id), scope })).headers);
    return { kind: 'key', tenantId: principal.tenantId, scopes: principal.scopes, principal };
  }

  private async sessionCaller(req: FastifyRequest, scope: RouteScope | null): Promise<MeCaller> {
    const id = sessionIdOf(req.headers.cookie);
    if (!id) throw invalidKey();
    const res = await this.portal.ask('sessionsVerify', { digest: sessionDigest(id) });
    if (!res.ok) throw GatewayErrors.notSignedIn();
    if (!SAFE_METHODS.has(req.method)) {
      const problem = csrfProblem(req);
      if (problem) throw GatewayErrors.csrfFailed(problem);
    }
    requireRoleScope(ROLE_SCOPES[res.user.role], scope, res.user.role);
    return {
      kind: 'session',
      tenantId: res.user.tenantId,
      scopes: ROLE_SCOPES[res.user.role],
      user: res.user,
      sessionId: res.sessionId,
      timeZone: res.timeZone,
    };
  }
}
