import { Inject, Injectable } from '@nestjs/common';
import { ROLE_SCOPES } from '@tollgate/contracts';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { GatewayErrors } from '../errors/gateway.error';
import { PortalClient } from './portal-client';
import { clearedCookie, PublicPortalUser, sessionCookie, sessionDigest, sessionIdOf, toPublicUser } from './session-cookie';

/** The one answer to every failed sign-in, whichever part was wrong. */
export const SIGN_IN_FAILED = 'Incorrect email or password.';

export interface SignedIn {
  cookie: string;
  body: { user: PublicPortalUser; scopes: readonly string[]; expires_at: string };
}

/** Portal sign-in and sign-out on the public port; auth owns users and sessions (auth.sessions.*.v1). */
@Injectable()
export class MeSessionService {
  constructor(
    private readonly portal: PortalClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  secure(overTls: boolean): boolean {
    return this.config.SESSION_COOKIE_SECURE === 'auto' ? overTls : this.config.SESSION_COOKIE_SECURE === 'true';
  }

  async signIn(creds: { email: string; password: string }, address: string, secure: boolean): Promise<SignedIn> {
    const res = await this.portal.ask('sessionsCreate', { ...creds, address });
    if (!res.ok && res.code === 'rate_limited') {
      throw GatewayErrors.rateLimited('Too many sign-in attempts. Try again later.', { 'retry-after': String(res.retryAfterSeconds) });
    }
    if (!res.ok) throw GatewayErrors.invalidCredentials(SIGN_IN_FAILED);
    const maxAge = (new Date(res.absoluteExpiresAt).getTime() - Date.now()) / 1000;
    return {
      cookie: sessionCookie(res.sessionId, maxAge, secure),
      body: { user: toPublicUser(res.user), scopes: ROLE_SCOPES[res.user.role], expires_at: res.absoluteExpiresAt },
    };
  }

  async current(cookieHeader: string | undefined): Promise<{ user: PublicPortalUser; scopes: readonly string[] }> {
    const id = sessionIdOf(cookieHeader);
    const res = id ? await this.portal.ask('sessionsVerify', { digest: sessionDigest(id) }) : { ok: false as const };
    if (!res.ok) throw GatewayErrors.notSignedIn();
    return { user: toPublicUser(res.user), scopes: ROLE_SCOPES[res.user.role] };
  }

  /** Revokes the cookie's session (if any) and answers the cookie that clears it. */
  async signOut(cookieHeader: string | undefined, secure: boolean): Promise<string> {
    const id = sessionIdOf(cookieHeader);
    if (id) await this.portal.ask('sessionsRevoke', { digest: sessionDigest(id) });
    return clearedCookie(secure);
  }
}
