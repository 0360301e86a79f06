import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { CreditStore } from '@tollgate/credit';
import { Bus } from '@tollgate/messaging';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { PrismaService } from './prisma.service';

export const REDIS = Symbol('REDIS');

/** Billing's connections: Postgres (its own schema), Redis (credit figures for the gateway), NATS/JetStream. */
@Global()
@Module({
  providers: [
    PrismaService,
    {
      provide: Bus,
      inject: [BILLING_CONFIG],
      useFactory: (c: BillingConfig) => Bus.connect({ url: c.NATS_URL, prefix: c.NATS_PREFIX, name: 'billing' }),
    },
    {
      provide: REDIS,
      inject: [BILLING_CONFIG],
      useFactory: (c: BillingConfig) => new Redis(c.REDIS_URL, { keyPrefix: c.REDIS_PREFIX, maxRetriesPerRequest: 2 }),
    },
    { provide: CreditStore, inject: [REDIS], useFactory: (r: Redis) => new CreditStore(r) },
  ],
  exports: [PrismaService, Bus, REDIS, CreditStore],
})
export class InfraModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly bus: Bus,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
