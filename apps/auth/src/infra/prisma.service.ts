import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { AUTH_CONFIG, AuthConfig } from '../config';

export const AUTH_DB_SCHEMA = 'auth';

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(AUTH_CONFIG) config: AuthConfig) {
    super({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL }, { schema: AUTH_DB_SCHEMA }) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
