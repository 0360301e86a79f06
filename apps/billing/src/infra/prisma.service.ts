import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import { BILLING_CONFIG, BillingConfig } from '../config';

/** Raw SQL names this schema explicitly (the adapter does not set search_path). */
export const BILLING_DB_SCHEMA = 'billing';

export type Tx = Prisma.TransactionClient;

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(BILLING_CONFIG) config: BillingConfig) {
    super({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL, max: 10 }, { schema: BILLING_DB_SCHEMA }) });
  }

  /** An interactive transaction with room for lock waits under load. */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.$transaction(fn, { maxWait: 10_000, timeout: 20_000 });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
