import { Bus } from '@tollgate/messaging';
import { healthController } from '@tollgate/server';
import { PrismaService } from '../infra/prisma.service';

/** Ready when Postgres and NATS are reachable. */
export const HealthController = healthController([PrismaService, Bus], (prisma: PrismaService, bus: Bus) => ({
  database: () => prisma.$queryRaw`SELECT 1`,
  nats: () => bus.nc.flush(),
}));
