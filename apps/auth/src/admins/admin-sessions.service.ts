import { Inject, Injectable } from '@nestjs/common';
import type { AdminIdentity } from '@tollgate/contracts';
import { ADMIN_SESSION_TOKEN_PREFIX } from '@tollgate/contracts';
import { adminTokenDigest, AdminVerifier } from '@tollgate/server';
import { AUTH_CONFIG, AuthConfig } from '../config';
import { verifyPassword } from '../portal/passwords';
import { SignInLimiter } from '../portal/sign-in-limiter';
import { newSecret } from '../portal/tokens';
import { AdminsError } from './admins.error';
import { AdminsRepository, AdminSessionRow } from './admins.repository';
import { AdminsService } from './admins.service';

/** A verified session's idle expiry is pushed forward at most this often. */
const TOUCH_EVERY_MS = 60_000;

export interface AdminSignedIn {
  token: string;
  admin: AdminIdentity;
  expires_at: string;
}

export interface AdminWhoAmI {
  actor: string;
  /** Null for the bootstrap token. */
  admin: AdminIdentity | null;
  expires_at: string | null;
}

const identity = (s: AdminSessionRow): AdminIdentity => ({ id: s.admin.id, email: s.admin.email });

/**
 * Admin sign-in, session checks and sign-out. The token leaves auth once, in the sign-in answer;
 * auth keeps its SHA-256. This is auth's own AdminVerifier (the other services ask over NATS).
 */
@Injectable()
export class AdminSessionsService implements AdminVerifier {
  private readonly idleMs: number;
  private readonly maxMs: number;

  constructor(
    private readonly admins: AdminsRepository,
    private readonly adminsService: AdminsService,
    private readonly limiter: SignInLimiter,
    @Inject(AUTH_CONFIG) config: AuthConfig,
  ) {
    this.idleMs = config.ADMIN_SESSION_IDLE_MINUTES * 60_000;
    this.maxMs = config.ADMIN_SESSION_MAX_HOURS * 3_600_000;
  }

  async signIn(creds: { email: string; password: string }, address: string): Promise<AdminSignedIn> {
    const email = creds.email.trim().toLowerCase();
    // Admin accounts are counted apart from portal accounts; an address's failures count for both.
    const account = `admin:${email}`;
    const retryAfterSeconds = await this.limiter.retryAfterSeconds(account, address);
    if (retryAfterSeconds > 0) throw AdminsError.rateLimited(retryAfterSeconds);
    const admin = await this.admins.findByEmail(email);
    const live = admin && !admin.disabledAt ? admin : null;
    if (!(await verifyPassword(creds.password, live?.passwordHash ?? null)) || !live) {
      await this.limiter.failed(account, address);
      throw AdminsError.invalidCredentials();
    }
    await this.limiter.succeeded(account);
    const token = `${ADMIN_SESSION_TOKEN_PREFIX}${newSecret()}`;
    const now = Date.now();
    const absolute = new Date(now + this.maxMs);
    await this.admins.createSession(live, adminTokenDigest(token), new Date(Math.min(now + this.idleMs, absolute.getTime())), absolute);
    return { token, admin: { id: live.id, email: live.email }, expires_at: absolute.toISOString() };
  }

  async verify(digest: string): Promise<AdminIdentity | null> {
    const s = await this.live(digest);
    return s ? identity(s) : null;
  }

  async whoAmI(actor: string, digest: string | null): Promise<AdminWhoAmI> {
    const s = digest ? await this.live(digest) : null;
    return { actor, admin: s ? identity(s) : null, expires_at: s ? s.absoluteExpiresAt.toISOString() : null };
  }

  async signOut(digest: string | null): Promise<void> {
    if (!digest) throw new AdminsError({ code: 'invalid_request', message: 'The bootstrap token has no session to end.' });
    if (await this.admins.revokeSession(digest, new Date())) await this.adminsService.announceEnded([digest]);
  }

  private async live(digest: string): Promise<AdminSessionRow | null> {
    const s = await this.admins.findSession(digest);
    const now = new Date();
    if (!s || s.revokedAt || s.admin.disabledAt || s.idleExpiresAt <= now || s.absoluteExpiresAt <= now) return null;
    if (now.getTime() - s.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      await this.admins.touchSession(s.id, now, new Date(Math.min(now.getTime() + this.idleMs, s.absoluteExpiresAt.getTime())));
    }
    return s;
  }
}
