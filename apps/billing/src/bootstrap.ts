import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { migrateService } from '@tollgate/db';
import { jsonLogger, once, setupAdminHttp } from '@tollgate/server';
import { BillingAppModule } from './app.module';
import { BillingConfig } from './config';

export interface RunningBilling {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/** Billing: applies its migrations, makes sure the usage stream exists, serves health and its admin API. */
export async function startBilling(config: BillingConfig): Promise<RunningBilling> {
  if (config.MIGRATE_ON_START) await migrateService(config.DATABASE_URL, 'billing');
  const app = await NestFactory.create<NestFastifyApplication>(BillingAppModule.forRoot(config), new FastifyAdapter(), {
    logger: jsonLogger('billing', config.LOG_LEVEL),
  });
  setupAdminHttp(app, 'Tollgate billing admin API', 'Balances, ledger, prices and statements.');
  await app.listen(config.BILLING_PORT, config.BILLING_HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.BILLING_PORT;
  return { app, url: `http://${config.BILLING_HOST}:${port}`, close: once(() => app.close()) };
}
