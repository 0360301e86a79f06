import { CanActivate, ExecutionContext, Inject, Injectable, Logger, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ADMIN_SESSION_TOKEN_PREFIX, AdminIdentity } from '@tollgate/contracts';
import { BearerAuth } from './bearer';

/** Provide the configured admin token under this symbol in every app that has an admin API. */
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

/** Provide an AdminVerifier under this symbol in every app that has an admin API. */
export const ADMIN_VERIFIER = Symbol('ADMIN_VERIFIER');

/** Who holds a live admin session. Auth answers from its tables; the other services ask auth over NATS. */
export interface AdminVerifier {
  /** The admin whose live session has this SHA-256 hex digest, or null. Rejects when it cannot tell. */
  verify(digest: string): Promise<AdminIdentity | null>;
}

/** The bootstrap ADMIN_TOKEN acts as `admin`; a signed-in admin as `admin:<email>`. */
export type AdminActor = { actor: 'admin' } | { actor: `admin:${string}`; admin: AdminIdentity; sessionDigest: string };

export type AdminRequest = FastifyRequest & { user?: AdminActor };

const SESSION_TOKEN = new RegExp(`^${ADMIN_SESSION_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);

/** True if `token` has the shape of an admin session token (only those are looked up). */
export const isAdminSessionToken = (token: string): boolean => SESSION_TOKEN.test(token);

/** SHA-256 hex of an admin session token: the only form of it that is stored or sent anywhere. */
export const adminTokenDigest = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Admin API callers present, as a bearer token (passport-http-bearer), either the bootstrap
 * ADMIN_TOKEN (compared in constant time) or their own admin session token, which the
 * AdminVerifier checks. A verifier that cannot answer fails the request closed with a 503.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly logger = new Logger('AdminGuard');
  private readonly expected: Buffer;
  private readonly bearer = new BearerAuth<AdminActor>((token) => this.check(token));

  constructor(
    @Inject(ADMIN_TOKEN) token: string,
    @Inject(ADMIN_VERIFIER) private readonly verifier: AdminVerifier,
  ) {
    this.expected = createHash('sha256').update(token).digest();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AdminRequest>();
    const actor = await this.bearer.authenticate(req);
    if (!actor) throw new UnauthorizedException('Invalid or missing admin token.');
    req.user = actor;
    return true;
  }

  private async check(token: string): Promise<AdminActor | false> {
    const given = createHash('sha256').update(token).digest();
    if (timingSafeEqual(given, this.expected)) return { actor: 'admin' };
    if (!isAdminSessionToken(token)) return false;
    const sessionDigest = given.toString('hex');
    let admin: AdminIdentity | null;
    try {
      admin = await this.verifier.verify(sessionDigest);
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'admin session could not be verified');
      throw new ServiceUnavailableException('Admin sessions cannot be verified right now; try again shortly.');
    }
    return admin ? { actor: `admin:${admin.email}`, admin, sessionDigest } : false;
  }
}

/** Who did it, for audit logs: `admin` (bootstrap token) or `admin:<email>`. */
export function actorOf(req: AdminRequest): string {
  return req.user?.actor ?? 'unknown';
}
