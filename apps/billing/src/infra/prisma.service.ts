import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { BILLING_CONFIG, BillingConfig } from '../config';

export const BILLING_DB_SCHEMA = 'billing';

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(BILLING_CONFIG) config: BillingConfig) {
    super({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL }, { schema: BILLING_DB_SCHEMA }) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
