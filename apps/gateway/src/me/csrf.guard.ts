import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GatewayErrors } from '../errors/gateway.error';

export const CSRF_HEADER = 'x-tollgate-csrf';

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** Why a state-changing portal request is refused as possibly cross-site, or null if it is not. */
export function csrfProblem(req: Pick<FastifyRequest, 'headers' | 'protocol' | 'host'>): string | null {
  if (one(req.headers[CSRF_HEADER]) !== '1') return `Missing the '${CSRF_HEADER}: 1' header.`;
  const site = one(req.headers['sec-fetch-site']);
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'Cross-site requests are refused.';
  const origin = one(req.headers.origin);
  if (origin !== undefined && origin !== `${req.protocol}://${req.host}`) return 'Cross-origin requests are refused.';
  return null;
}

/**
 * CSRF check for the portal's state-changing routes (a browser's cookie rides along on any
 * request): a custom header no cross-site form can set, and `Origin`/`Sec-Fetch-Site` when present.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const problem = csrfProblem(context.switchToHttp().getRequest<FastifyRequest>());
    if (problem) throw GatewayErrors.csrfFailed(problem);
    return true;
  }
}
