import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'nats';
import type { AdminIdentity } from '@tollgate/contracts';
import { Bus } from '@tollgate/messaging';
import type { AdminVerifier } from './admin-token';

/** How long a verified admin session is trusted without asking auth again (sign-out is also pushed at once). */
export const ADMIN_SESSION_CACHE_MS = 5_000;
const MAX_ENTRIES = 1_000;
const VERIFY_TIMEOUT_MS = 2_000;

/** Verified admin sessions by digest, each for at most `ttlMs`. Only positive answers are kept. */
export class AdminSessionCache {
  private readonly entries = new Map<string, { admin: AdminIdentity; until: number }>();
  /** Bumped by every forget(): an answer that was in flight meanwhile is not cached. */
  private generation = 0;

  constructor(private readonly ttlMs = ADMIN_SESSION_CACHE_MS) {}

  get(digest: string, now = Date.now()): AdminIdentity | null {
    const hit = this.entries.get(digest);
    if (hit && hit.until > now) return hit.admin;
    if (hit) this.entries.delete(digest);
    return null;
  }

  /** Keeps `admin` unless a forget() happened since `since` (a generation()). */
  set(digest: string, admin: AdminIdentity, since: number, now = Date.now()): void {
    if (since !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(digest, { admin, until: now + this.ttlMs });
  }

  current(): number {
    return this.generation;
  }

  forget(digests: readonly string[]): void {
    this.generation++;
    for (const d of digests) this.entries.delete(d);
  }
}

/**
 * The AdminVerifier of services other than auth: asks auth (auth.admins.verify.v1), keeps answers
 * for a few seconds, and drops them as soon as auth announces the session ended
 * (auth.admins.sessions-ended.v1).
 */
@Injectable()
export class BusAdminVerifier implements AdminVerifier, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BusAdminVerifier');
  private readonly cache = new AdminSessionCache();
  private sub?: Subscription;

  constructor(@Inject(Bus) private readonly bus: Bus) {}

  onApplicationBootstrap(): void {
    this.sub = this.bus.subscribe(
      'adminSessionsEnded',
      (e) => this.cache.forget(e.digests),
      (err) => this.logger.warn({ err }, 'bad adminSessionsEnded event'),
    );
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }

  async verify(digest: string): Promise<AdminIdentity | null> {
    const hit = this.cache.get(digest);
    if (hit) return hit;
    const since = this.cache.current();
    const reply = await this.bus.request('adminsVerify', { digest }, VERIFY_TIMEOUT_MS);
    if (!reply.ok) return null;
    this.cache.set(digest, reply.admin, since);
    return reply.admin;
  }
}
