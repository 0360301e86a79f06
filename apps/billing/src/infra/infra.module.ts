import { Global, Module } from '@nestjs/common';
import Redis from 'ioredis';
import { CreditStore } from '@tollgate/credit';
import { Bus } from '@tollgate/messaging';
import { busProvider, connectionsCloser, redisProvider } from '@tollgate/server';
import { BILLING_CONFIG } from '../config';
import { PrismaService } from './prisma.service';

export const REDIS = Symbol('REDIS');

/** Billing's connections: Postgres (its own schema), Redis (credit figures for the gateway), NATS/JetStream. */
@Global()
@Module({
  providers: [
    PrismaService,
    busProvider(BILLING_CONFIG, 'billing'),
    redisProvider(REDIS, BILLING_CONFIG, { options: () => ({ maxRetriesPerRequest: 2 }) }),
    { provide: CreditStore, inject: [REDIS], useFactory: (r: Redis) => new CreditStore(r) },
    connectionsCloser(REDIS),
  ],
  exports: [PrismaService, Bus, REDIS, CreditStore],
})
export class InfraModule {}
