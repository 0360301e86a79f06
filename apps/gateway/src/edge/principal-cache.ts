import type { Principal } from '@tollgate/contracts';

interface Entry {
  principal: Principal | null;
  until: number;
}

/**
 * In-process cache of verified principals keyed by key digest. `null` remembers an unknown
 * key for a short while. Concurrent misses for one digest share one lookup.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Principal | null>>();
  /** Bumped by every drop: a lookup that started before one answers its caller but is not cached. */
  private epoch = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly negativeTtlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** Returns the cached answer, or undefined on a miss. */
  peek(digest: string, now = Date.now()): Principal | null | undefined {
    const hit = this.entries.get(digest);
    if (!hit) return undefined;
    if (hit.until > now) return hit.principal;
    this.entries.delete(digest);
    return undefined;
  }

  async getOrLoad(digest: string, load: () => Promise<Principal | null>): Promise<Principal | null> {
    const cached = this.peek(digest);
    if (cached !== undefined) return cached;
    const pending = this.inflight.get(digest);
    if (pending) return pending;
    const epoch = this.epoch;
    const started = load().then(
      (principal) => {
        this.inflight.delete(digest);
        if (epoch === this.epoch) this.store(digest, principal);
        return principal;
      },
      (err: unknown) => {
        this.inflight.delete(digest);
        throw err;
      },
    );
    this.inflight.set(digest, started);
    return started;
  }

  drop(digest: string): void {
    this.epoch++;
    this.entries.delete(digest);
  }

  dropKey(keyId: string): void {
    this.epoch++;
    for (const [digest, entry] of this.entries) {
      if (entry.principal?.keyId === keyId) this.entries.delete(digest);
    }
  }

  /** Every principal of one tenant (a tenant-wide setting they all carry changed). */
  dropTenant(tenantId: string): void {
    this.epoch++;
    for (const [digest, entry] of this.entries) {
      if (entry.principal?.tenantId === tenantId) this.entries.delete(digest);
    }
  }

  private store(digest: string, principal: Principal | null): void {
    const ttl = principal ? this.ttlMs : this.negativeTtlMs;
    if (ttl <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(digest, { principal, until: Date.now() + ttl });
  }
}
