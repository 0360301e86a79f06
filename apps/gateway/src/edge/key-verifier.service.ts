import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'nats';
import type { Principal } from '@tollgate/contracts';
import { digestApiKey, isWellFormedApiKey } from '@tollgate/keys';
import { Bus } from '@tollgate/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { GatewayError, GatewayErrors, invalidKey } from '../errors/gateway.error';
import { PrincipalCache } from './principal-cache';

/**
 * The hot path's authentication, in order: syntax + checksum (no I/O), in-process cache,
 * one NATS request to auth on a miss. Revocation is seen by EdgeGate's Redis round trip.
 * Fails closed: if auth or NATS cannot answer in time, the caller gets 503.
 */
@Injectable()
export class KeyVerifier implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('KeyVerifier');
  private readonly cache: PrincipalCache;
  private subs: Subscription[] = [];

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly bus: Bus,
  ) {
    this.cache = new PrincipalCache(config.PRINCIPAL_CACHE_TTL_MS, config.NEGATIVE_CACHE_TTL_MS);
  }

  onApplicationBootstrap(): void {
    this.subs.push(
      this.bus.subscribe(
        'keysChanged',
        (e) => {
          this.cache.drop(e.digest);
          this.cache.dropKey(e.keyId);
        },
        (err) => this.logger.warn({ err }, 'bad keysChanged event'),
      ),
      this.bus.subscribe(
        'tenantsChanged',
        (e) => this.cache.dropTenant(e.tenantId),
        (err) => this.logger.warn({ err }, 'bad tenantsChanged event'),
      ),
    );
  }

  onApplicationShutdown(): void {
    for (const sub of this.subs) sub.unsubscribe();
  }

  /** The principal of the key a request presented (null: none), or the 401/503 GatewayError. */
  verifyPresented(rawKey: string | null): Promise<Principal> {
    return rawKey === null ? Promise.reject(invalidKey()) : this.verify(rawKey);
  }

  async verify(rawKey: string): Promise<Principal> {
    if (!isWellFormedApiKey(rawKey)) throw invalidKey();
    const digest = digestApiKey(rawKey);
    const principal = await this.cache.getOrLoad(digest, () => this.askAuth(digest));
    if (!principal) throw invalidKey();
    if (principal.expiresAt && Date.parse(principal.expiresAt) <= Date.now()) throw invalidKey();
    return principal;
  }

  private async askAuth(digest: string): Promise<Principal | null> {
    try {
      const reply = await this.bus.request('keysVerify', { digest }, this.config.AUTH_TIMEOUT_MS);
      return reply.ok ? reply.principal : null;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'auth verification unavailable');
      throw unavailable();
    }
  }
}

function unavailable(): GatewayError {
  return GatewayErrors.authUnavailable();
}
