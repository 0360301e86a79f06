import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { BearerAuth } from './bearer';

/** Provide the configured admin token under this symbol in every app that has an admin API. */
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

export interface AdminActor {
  actor: 'admin';
}

export type AdminRequest = FastifyRequest & { user?: AdminActor };

/** Admin API callers present ADMIN_TOKEN as a bearer token (passport-http-bearer); compared in constant time. */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly expected: Buffer;
  private readonly bearer = new BearerAuth<AdminActor>(async (token) => this.check(token));

  constructor(@Inject(ADMIN_TOKEN) token: string) {
    this.expected = createHash('sha256').update(token).digest();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AdminRequest>();
    const actor = await this.bearer.authenticate(req);
    if (!actor) throw new UnauthorizedException('Invalid or missing admin token.');
    req.user = actor;
    return true;
  }

  private check(token: string): AdminActor | false {
    const given = createHash('sha256').update(token).digest();
    return timingSafeEqual(given, this.expected) ? { actor: 'admin' } : false;
  }
}

/** Who did it, for audit logs. */
export function actorOf(req: AdminRequest): string {
  return req.user?.actor ?? 'unknown';
}
