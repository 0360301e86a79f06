import { Global, Module } from '@nestjs/common';
import { Bus } from '@tollgate/messaging';
import { busProvider, connectionsCloser, redisProvider } from '@tollgate/server';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { PrismaService } from './prisma.service';
import { REDIS } from './tokens';

/** The gateway's connections. Redis fails fast (no offline queue) so that an outage is a 503, not a hang. */
@Global()
@Module({
  providers: [
    PrismaService,
    busProvider(GATEWAY_CONFIG, 'gateway'),
    redisProvider<GatewayConfig>(REDIS, GATEWAY_CONFIG, {
      options: (c) => ({
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: c.AUTH_TIMEOUT_MS,
        // No auto-pipelining: its per-command Pipeline costs more than it saves here; EdgeGate
        // sends the admissions of one event-loop turn in one write itself.
      }),
      waitReady: true,
    }),
    connectionsCloser(REDIS),
  ],
  exports: [PrismaService, REDIS, Bus],
})
export class InfraModule {}
