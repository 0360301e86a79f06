import { Bus } from '@tollgate/messaging';
import { healthController } from '@tollgate/server';
import { PrismaService } from '../infra/prisma.service';
import { UsageConsumer } from '../usage/usage.consumer';

/** Ready when Postgres and NATS are reachable and the usage consumer exists (it is made again when it is gone). */
export const HealthController = healthController([PrismaService, Bus, UsageConsumer], (prisma: PrismaService, bus: Bus, usage: UsageConsumer) => ({
  database: () => prisma.$queryRaw`SELECT 1`,
  nats: () => bus.nc.flush(),
  usage: () => usage.consuming(),
}));
