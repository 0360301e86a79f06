import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import Redis from 'ioredis';
import { Bus } from '@tollgate/messaging';
import { PrismaService } from '../infra/prisma.service';
import { REDIS } from '../infra/infra.module';

@Controller('health')
export class HealthController {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly bus: Bus,
  ) {}

  /** Liveness: the process answers. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: Postgres, Redis and NATS all reachable. */
  @Get('ready')
  @HttpCode(200)
  async ready(): Promise<{ status: 'ok' }> {
    try {
      await Promise.all([this.prisma.$queryRaw`SELECT 1`, this.redis.ping(), this.bus.nc.flush()]);
    } catch {
      throw new ServiceUnavailableException('dependencies unavailable');
    }
    return { status: 'ok' };
  }
}
