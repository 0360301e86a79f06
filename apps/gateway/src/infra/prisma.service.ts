import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';

export const GATEWAY_DB_SCHEMA = 'gateway';

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    super({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL }, { schema: GATEWAY_DB_SCHEMA }) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
