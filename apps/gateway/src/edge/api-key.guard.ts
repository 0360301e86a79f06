import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '@tollgate/contracts';
import { invalidKey } from '../errors/gateway.error';
import { apiKeyOf } from './api-key';
import { KeyVerifier } from './key-verifier.service';

/** Nest routes' key check: sets `req.user` to the key's principal or throws the 401/503 GatewayError. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly verifier: KeyVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
    req.user = await this.verifier.verifyPresented(apiKeyOf(req.headers));
    return true;
  }
}
