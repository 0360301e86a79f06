import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '@tollgate/contracts';
import { authenticateBearer } from '@tollgate/server';
import { invalidKey } from '../errors/gateway.error';
import { KeyVerifier } from './key-verifier.service';

/**
 * `Authorization: Bearer <key>` through passport-http-bearer. The Anthropic SDK sends
 * `x-api-key`; when there is no Authorization header that value is the bearer token.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly verifier: KeyVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
    const xApiKey = req.headers['x-api-key'];
    if (!req.headers.authorization && typeof xApiKey === 'string' && xApiKey) {
      req.headers.authorization = `Bearer ${xApiKey}`;
    }
    const principal = await authenticateBearer<Principal>(req, (token) => this.verifier.verify(token));
    if (!principal) throw invalidKey();
    req.user = principal;
    return true;
  }
}
