import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { Bus } from '@tollgate/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { PrismaService } from './prisma.service';
import { REDIS } from './tokens';

/** The gateway's connections. Redis fails fast (no offline queue) so that an outage is a 503, not a hang. */
@Global()
@Module({
  providers: [
    PrismaService,
    {
      provide: Bus,
      inject: [GATEWAY_CONFIG],
      useFactory: (c: GatewayConfig) => Bus.connect({ url: c.NATS_URL, prefix: c.NATS_PREFIX, name: 'gateway' }),
    },
    {
      provide: REDIS,
      inject: [GATEWAY_CONFIG],
      useFactory: async (c: GatewayConfig) => {
        const redis = new Redis(c.REDIS_URL, {
          keyPrefix: c.REDIS_PREFIX,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          commandTimeout: c.AUTH_TIMEOUT_MS,
          // Commands issued in the same tick (concurrent requests) go out in one write.
          enableAutoPipelining: true,
        });
        await new Promise<void>((resolve, reject) => {
          redis.once('ready', resolve);
          redis.once('error', reject);
        });
        return redis;
      },
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
