import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { Bus } from '@tollgate/messaging';
import { PrismaService } from '../infra/prisma.service';

@Controller('health')
export class HealthController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly bus: Bus,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok' }> {
    try {
      await Promise.all([this.prisma.$queryRaw`SELECT 1`, this.bus.nc.flush()]);
    } catch {
      throw new ServiceUnavailableException('dependencies unavailable');
    }
    return { status: 'ok' };
  }
}
