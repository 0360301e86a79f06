import { Global, Module } from '@nestjs/common';
import { Bus } from '@tollgate/messaging';
import { busProvider, connectionsCloser, redisProvider } from '@tollgate/server';
import { AUTH_CONFIG } from '../config';
import { PrismaService } from './prisma.service';

export const REDIS = Symbol('REDIS');

/** Connections the auth service holds: Postgres (Prisma), Redis, NATS. */
@Global()
@Module({
  providers: [
    PrismaService,
    busProvider(AUTH_CONFIG, 'auth'),
    redisProvider(REDIS, AUTH_CONFIG, { options: () => ({ maxRetriesPerRequest: 2 }) }),
    connectionsCloser(REDIS),
  ],
  exports: [PrismaService, REDIS, Bus],
})
export class InfraModule {}
