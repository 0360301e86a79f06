import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { migrateService } from '@tollgate/db';
import { BusExceptionFilter, BusServer } from '@tollgate/messaging';
import { acceptEmptyJsonBodies, adminHttpErrorOptions, jsonLogger, once, registerMetricsRoute, setupAdminHttp } from '@tollgate/server';
import { AuthAppModule } from './app.module';
import { AuthConfig } from './config';
import { AuthErrorFilter } from './errors/error.filter';
import { METRICS_REGISTRY } from './metrics/registry';

export interface RunningAuth {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/** Builds and starts the auth service: admin REST on AUTH_ADMIN_PORT and its NATS request handlers (a hybrid Nest app). */
export async function startAuth(config: AuthConfig): Promise<RunningAuth> {
  if (config.MIGRATE_ON_START) await migrateService(config.DATABASE_URL, 'auth');
  const adapter = new FastifyAdapter({ bodyLimit: 64 * 1024, ...adminHttpErrorOptions });
  acceptEmptyJsonBodies(adapter);
  const app = await NestFactory.create<NestFastifyApplication>(AuthAppModule.forRoot(config), adapter, {
    logger: jsonLogger('auth', config.LOG_LEVEL),
  });
  app.useGlobalFilters(new AuthErrorFilter());
  setupAdminHttp(app, 'Tollgate auth admin API', 'Admins and admin sign-in, tenants, API keys, portal users and the audit log.');
  registerMetricsRoute(app, app.get(METRICS_REGISTRY));
  // The NATS request/reply handlers (queue group `auth`) on NestJS's NATS transport; the Bus stays for events and JetStream.
  app.connectMicroservice({ strategy: BusServer.fromEnv(config, 'auth-responders', 'auth') }).useGlobalFilters(new BusExceptionFilter());
  await app.startAllMicroservices();
  await app.listen(config.AUTH_ADMIN_PORT, config.AUTH_HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.AUTH_ADMIN_PORT;
  return { app, url: `http://${config.AUTH_HOST}:${port}`, close: once(() => app.close()) };
}
