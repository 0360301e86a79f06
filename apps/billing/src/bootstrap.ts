import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { migrateService } from '@tollgate/db';
import { BusExceptionFilter, BusServer } from '@tollgate/messaging';
import { adminHttpErrorOptions, jsonLogger, once, registerMetricsRoute, setupAdminHttp, unstorableBodyError } from '@tollgate/server';
import { BillingAppModule } from './app.module';
import { BillingConfig } from './config';
import { BillingErrorFilter } from './errors/error.filter';
import { METRICS_REGISTRY } from './metrics/registry';
import { BILLING_QUEUE } from './responders/billing.responder';
import { keepWebhooksOffAdminPort, listenForWebhooks } from './webhook-listener';

export interface RunningBilling {
  app: NestFastifyApplication;
  url: string;
  /** Where payment providers post: the admin URL, or BILLING_WEBHOOK_PORT's listener when set. */
  webhookUrl: string;
  close(): Promise<void>;
}

const BODY_LIMIT = 1024 * 1024;
const isWebhook = (req: FastifyRequest) => req.url.startsWith('/webhooks/');

/**
 * Webhook bodies stay raw bytes (their signatures cover the exact bytes; the service verifies
 * before it parses); every other JSON body is parsed as usual.
 */
function rawBodyForWebhooks(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (req, body: Buffer, done) => {
    if (isWebhook(req)) return done(null, body);
    if (body.length === 0) return done(null, undefined);
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return done(Object.assign(new Error('Body is not valid JSON.'), { statusCode: 400 }), undefined);
    }
    const unstorable = unstorableBodyError(value);
    done(unstorable, unstorable ? undefined : value);
  });
  // Fastify's own text/plain parser would hand webhooks a string: the '*' parser takes it instead.
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (req, body: Buffer, done) => {
    if (isWebhook(req)) return done(null, body);
    done(Object.assign(new Error('Unsupported content type.'), { statusCode: 415 }), undefined);
  });
}

/**
 * Billing: applies its migrations, consumes usage from JetStream into the ledger, answers the
 * billing NATS subjects, serves payment webhooks and the admin API (OpenAPI at /api/docs).
 */
export async function startBilling(config: BillingConfig): Promise<RunningBilling> {
  if (config.MIGRATE_ON_START) await migrateService(config.DATABASE_URL, 'billing');
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT, ...adminHttpErrorOptions });
  const fastify = adapter.getInstance() as unknown as FastifyInstance;
  rawBodyForWebhooks(fastify);
  const ownWebhookPort = config.BILLING_WEBHOOK_PORT !== undefined;
  if (ownWebhookPort) keepWebhooksOffAdminPort(fastify);
  const app = await NestFactory.create<NestFastifyApplication>(BillingAppModule.forRoot(config), adapter, {
    logger: jsonLogger('billing', config.LOG_LEVEL),
    bodyParser: false, // ours, registered above
  });
  app.useGlobalFilters(new BillingErrorFilter());
  setupAdminHttp(app, 'Tollgate billing admin API', 'Balances, ledger, prices, credits, statements, request logs; payment webhooks.');
  registerMetricsRoute(app, app.get(METRICS_REGISTRY)); // admin port only: the webhook listener answers 404 to it
  // The NATS request/reply handlers (queue group `billing`) on NestJS's NATS transport; the Bus stays for JetStream and events.
  app.connectMicroservice({ strategy: BusServer.fromEnv(config, 'billing-responders', BILLING_QUEUE) }).useGlobalFilters(new BusExceptionFilter());
  await app.startAllMicroservices();
  await app.listen(config.BILLING_PORT, config.BILLING_HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.BILLING_PORT;
  const url = `http://${config.BILLING_HOST}:${port}`;
  const webhooks = ownWebhookPort ? await listenForWebhooks(fastify, config.BILLING_WEBHOOK_PORT!, config.BILLING_WEBHOOK_HOST) : null;
  const close = once(async () => {
    await webhooks?.close();
    await app.close();
  });
  return { app, url, webhookUrl: webhooks?.url ?? url, close };
}
