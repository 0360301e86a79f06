import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GatewayErrors, unsupportedContentType } from '../errors/gateway.error';
import { csrfProblem } from '../me/csrf.guard';
import { adminTokenOf, clearedAdminCookie } from './admin-cookie';
import { AdminUpstreams } from './admin-upstreams.service';
import { ConsoleAnswer } from './console-answer';
import { proxyTarget } from './proxy-path';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const SAFE = new Set(['GET']);

/**
 * `/console-api/{auth|billing|gateway}/admin/…` → that service's admin API with the cookie's admin
 * token as the bearer token: method, query and JSON body passed on, the upstream's status and body
 * answered as they are. State-changing calls must pass the CSRF check; nothing but admin API paths
 * is reachable.
 */
@Injectable()
export class AdminConsoleProxyService {
  constructor(private readonly upstreams: AdminUpstreams) {}

  async forward(req: FastifyRequest, secure: boolean): Promise<ConsoleAnswer> {
    if (!METHODS.has(req.method)) throw GatewayErrors.methodNotAllowed(req.method, [...METHODS]);
    const target = proxyTarget(req.url);
    if (!target) throw GatewayErrors.notFound('Only admin API paths (/console-api/{auth|billing|gateway}/admin/…) can be called through the console.');
    if (!SAFE.has(req.method)) {
      const problem = csrfProblem(req);
      if (problem) throw GatewayErrors.csrfFailed(problem);
    }
    const token = adminTokenOf(req.headers.cookie);
    if (!token) throw GatewayErrors.notSignedIn('Not signed in, or the admin session has ended.');
    if (typeof req.body === 'string' || Buffer.isBuffer(req.body)) throw unsupportedContentType();
    const body = SAFE.has(req.method) || req.body === undefined || req.body === null ? undefined : req.body;

    const res = await this.upstreams.call(target.upstream, { method: req.method, path: target.path, token, body, requestId: String(req.id) });
    // A 401 here means the admin session ended (idle, expired, removed): the cookie goes too.
    return { status: res.status, headers: res.headers, body: res.body, cookie: res.status === 401 ? clearedAdminCookie(secure) : undefined };
  }
}
