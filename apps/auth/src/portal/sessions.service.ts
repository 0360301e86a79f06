import { Inject, Injectable } from '@nestjs/common';
import { SessionCreateReply, SessionCreateRequest, SessionVerifyReply } from '@tollgate/contracts';
import { AUTH_CONFIG, AuthConfig } from '../config';
import { verifyPassword } from './passwords';
import { PortalUsersRepository } from './portal-users.repository';
import { userOf } from './portal-users.service';
import { SessionsRepository } from './sessions.repository';
import { SignInLimiter } from './sign-in-limiter';
import { newSecret, sha256Hex } from './tokens';

/** A verified session's idle expiry is pushed forward at most this often (one write a minute per session). */
const TOUCH_EVERY_MS = 60_000;

/** Portal sign-in, session checks and sign-out. The raw session id leaves auth once, in the sign-in reply. */
@Injectable()
export class SessionsService {
  private readonly idleMs: number;
  private readonly maxMs: number;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly users: PortalUsersRepository,
    private readonly limiter: SignInLimiter,
    @Inject(AUTH_CONFIG) config: AuthConfig,
  ) {
    this.idleMs = config.PORTAL_SESSION_IDLE_MINUTES * 60_000;
    this.maxMs = config.PORTAL_SESSION_MAX_HOURS * 3_600_000;
  }

  async signIn(req: SessionCreateRequest): Promise<SessionCreateReply> {
    const email = req.email.trim().toLowerCase();
    const retryAfterSeconds = await this.limiter.retryAfterSeconds(email, req.address);
    if (retryAfterSeconds > 0) return { ok: false, code: 'rate_limited', retryAfterSeconds };
    const user = await this.users.findByEmail(email);
    if (!(await verifyPassword(req.password, user?.passwordHash ?? null)) || !user) {
      await this.limiter.failed(email, req.address);
      return { ok: false, code: 'invalid_credentials', retryAfterSeconds: 0 };
    }
    await this.limiter.succeeded(email);
    const sessionId = newSecret();
    const now = Date.now();
    const absolute = new Date(now + this.maxMs);
    await this.sessions.create(user, sha256Hex(sessionId), new Date(Math.min(now + this.idleMs, absolute.getTime())), absolute);
    return { ok: true, sessionId, user: userOf(user), absoluteExpiresAt: absolute.toISOString() };
  }

  async verify(digest: string): Promise<SessionVerifyReply> {
    const s = await this.sessions.findByHash(digest);
    const now = new Date();
    if (!s || s.revokedAt || s.idleExpiresAt <= now || s.absoluteExpiresAt <= now) return { ok: false };
    if (now.getTime() - s.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      await this.sessions.touch(s.id, now, new Date(Math.min(now.getTime() + this.idleMs, s.absoluteExpiresAt.getTime())));
    }
    return { ok: true, user: userOf(s.user), sessionId: s.id, timeZone: s.user.tenant.reportingTimeZone };
  }

  async revoke(digest: string): Promise<{ revoked: boolean }> {
    return { revoked: await this.sessions.revoke(digest, new Date()) };
  }
}
