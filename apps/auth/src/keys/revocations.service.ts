import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import Redis from 'ioredis';
import { type TenantId, KeyChangedEvent, revokedKey, TenantChangedEvent } from '@tollgate/contracts';
import { Bus } from '@tollgate/messaging';
import { REDIS } from '../infra/infra.module';
import { KeysMetrics } from './keys.metrics';
import { KeysRepository } from './keys.repository';

/**
 * Makes a key change visible to every gateway before the admin call returns: the
 * revocation goes to Redis (read on every request) and a NATS event drops cached principals.
 */
@Injectable()
export class RevocationsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Revocations');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly bus: Bus,
    private readonly keys: KeysRepository,
    private readonly metrics: KeysMetrics,
  ) {}

  /** `effectiveAtMs` 0 means refused from now on; a future time means "after the grace period". */
  async retire(tenantId: TenantId, keyId: string, digest: string, change: KeyChangedEvent['change'], effectiveAtMs = 0): Promise<void> {
    await this.redis.set(revokedKey(tenantId, keyId), String(effectiveAtMs));
    await this.bus.publishConfirmed('keysChanged', { keyId, digest, change });
    this.metrics.retired(change);
  }

  async changed(keyId: string, digest: string): Promise<void> {
    await this.bus.publishConfirmed('keysChanged', { keyId, digest, change: 'updated' });
  }

  /** A tenant-wide setting in every key's principal changed: one event drops all the tenant's cached principals. */
  async tenantChanged(tenantId: TenantId, change: TenantChangedEvent['change']): Promise<void> {
    await this.bus.publishConfirmed('tenantsChanged', { tenantId, change });
  }

  /** Redis keeps nothing on disk: rewrite every revocation from Postgres at start. */
  async onApplicationBootstrap(): Promise<void> {
    const rows = await this.keys.retired();
    if (rows.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const r of rows) pipeline.set(revokedKey(r.tenantId, r.id), '0');
    await pipeline.exec();
    this.logger.log(`restored ${rows.length} revocations to Redis`);
  }
}
