import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { Bus } from '@tollgate/messaging';
import { AUTH_CONFIG, AuthConfig } from '../config';
import { PrismaService } from './prisma.service';

export const REDIS = Symbol('REDIS');

/** Connections the auth service holds: Postgres (Prisma), Redis, NATS. */
@Global()
@Module({
  providers: [
    PrismaService,
    {
      provide: Bus,
      inject: [AUTH_CONFIG],
      useFactory: (c: AuthConfig) => Bus.connect({ url: c.NATS_URL, prefix: c.NATS_PREFIX, name: 'auth' }),
    },
    {
      provide: REDIS,
      inject: [AUTH_CONFIG],
      useFactory: (c: AuthConfig) => new Redis(c.REDIS_URL, { keyPrefix: c.REDIS_PREFIX, maxRetriesPerRequest: 2 }),
    },
  ],
  exports: [PrismaService, REDIS, Bus],
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
