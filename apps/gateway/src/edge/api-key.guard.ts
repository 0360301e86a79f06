import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '@tollgate/contracts';
import { BearerAuth } from '@tollgate/server';
import { invalidKey } from '../errors/gateway.error';
import { KeyVerifier } from './key-verifier.service';

/**
 * `Authorization: Bearer <key>` through passport-http-bearer. The Anthropic SDK sends
 * `x-api-key`; when there is no Authorization header that value is the bearer token.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly bearer: BearerAuth<Principal>;

  constructor(verifier: KeyVerifier) {
    this.bearer = new BearerAuth((token) => verifier.verify(token));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.authenticate(context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>());
    return true;
  }

  /** Sets `req.user` to the key's principal or throws the 401/503 GatewayError. */
  async authenticate(req: FastifyRequest & { user?: Principal }): Promise<Principal> {
    const xApiKey = req.headers['x-api-key'];
    if (!req.headers.authorization && typeof xApiKey === 'string' && xApiKey) {
      req.headers.authorization = `Bearer ${xApiKey}`;
    }
    const principal = await this.bearer.authenticate(req);
    if (!principal) throw invalidKey();
    req.user = principal;
    return principal;
  }
}
