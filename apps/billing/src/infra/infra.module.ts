import { Global, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Bus, ensureUsageStream } from '@tollgate/messaging';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { PrismaService } from './prisma.service';

/** Billing's connections: Postgres (its own schema) and NATS/JetStream. */
@Global()
@Module({
  providers: [
    PrismaService,
    {
      provide: Bus,
      inject: [BILLING_CONFIG],
      useFactory: (c: BillingConfig) => Bus.connect({ url: c.NATS_URL, prefix: c.NATS_PREFIX, name: 'billing' }),
    },
  ],
  exports: [PrismaService, Bus],
})
export class InfraModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly bus: Bus) {}

  /** The usage stream exists before any gateway publishes to it; consumers arrive with the billing issue. */
  async onApplicationBootstrap(): Promise<void> {
    await ensureUsageStream(this.bus);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}
