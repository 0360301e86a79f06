import Redis from 'ioredis';
import { Bus } from '@tollgate/messaging';
import { healthController } from '@tollgate/server';
import { PrismaService } from '../infra/prisma.service';
import { REDIS } from '../infra/infra.module';

/** Ready when Postgres, Redis and NATS are all reachable. */
export const HealthController = healthController([PrismaService, REDIS, Bus], (prisma: PrismaService, redis: Redis, bus: Bus) => ({
  database: () => prisma.$queryRaw`SELECT 1`,
  redis: () => redis.ping(),
  nats: () => bus.nc.flush(),
}));
