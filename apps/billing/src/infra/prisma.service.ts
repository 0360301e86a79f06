import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import { BILLING_CONFIG, BillingConfig } from '../config';

/** Raw SQL names this schema explicitly (the adapter does not set search_path). */
export const BILLING_DB_SCHEMA = 'billing';

export type Tx = Prisma.TransactionClient;

@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(@Inject(BILLING_CONFIG) config: BillingConfig) {
    super({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL, max: 10 }, { schema: BILLING_DB_SCHEMA }) });
  }

  /** An interactive transaction with room for lock waits under load. */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.$transaction(fn, { maxWait: 10_000, timeout: 20_000 });
  }

  /** Last: the consumer and the reconcile stop in beforeApplicationShutdown, before the pool closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
