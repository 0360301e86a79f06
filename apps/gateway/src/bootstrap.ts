import { Logger, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { migrateService } from '@tollgate/db';
import { Bus } from '@tollgate/messaging';
import { createLogger } from '@tollgate/config';
import { acceptEmptyJsonBodies, createMetricsRegistry, once, PinoNestLogger, registerMetricsRoute, setupAdminHttp } from '@tollgate/server';
import type { IncomingMessage } from 'node:http';
import type { DestinationStream } from 'pino';
import { GatewayAdminModule } from './admin/admin.module';
import { GatewayAppModule } from './app.module';
import { CatalogRepository } from './catalog/catalog.repository';
import { CatalogService } from './catalog/catalog.service';
import { GatewayConfig } from './config';
import { Drain } from './health/drain';
import { TargetHealth } from './routing/target-health';
import { PricesService } from './metering/prices.service';
import { httpErrorOptions } from './http/http-errors';
import { OpenAiErrorFilter } from './http/openai-error.filter';
import { AccessLog } from './http/access-log';
import { GatewayMetrics } from './http/gateway-metrics';
import { startHeapTrim } from './http/heap-trim';
import { HotServer } from './http/hot-server';
import { authenticateBeforeBody } from './http/public-route.guard';
import { parseJsonBodies } from './http/json-body';
import { requestEnd } from './http/request-end';
import { callerRequestId, newRequestId, requestIdHeaders } from './http/request-id';
import { FrameworkRequest, recordOf } from './http/request-record';
import { registerHotRoutes } from './calls/hot-routes';
import { HoldKeeper } from './metering/hold-keeper';
import { AdmissionService } from './edge/admission.service';
import { UsagePublisher } from './metering/usage.publisher';

export interface RunningGateway {
  app: NestFastifyApplication;
  admin: NestFastifyApplication;
  /** OpenAI base URL, e.g. http://127.0.0.1:8080/v1 */
  baseUrl: string;
  url: string;
  adminUrl: string;
  close(): Promise<void>;
}

function publicAdapter(config: GatewayConfig, hot: HotServer): FastifyAdapter {
  const adapter = new FastifyAdapter({
    ...httpErrorOptions('public'),
    serverFactory: hot.factory,
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Always the gateway's own id, the one HotServer gave the request's record (metering's idempotency key); a caller's x-request-id is only echoed (onRequest below).
    genReqId: (req: IncomingMessage) => recordOf(req)?.id ?? newRequestId(),
    requestIdHeader: false,
    logger: false,
    trustProxy: config.TRUST_PROXY,
  });
  acceptEmptyJsonBodies(adapter);
  const fastify = adapter.getInstance();
  parseJsonBodies(fastify);
  // Every public route reads JSON only: any other body is a 415, on the Nest routes as on the hot ones (http/json-body.ts).
  fastify.removeContentTypeParser(['text/plain', 'application/x-www-form-urlencoded']);
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.headers(requestIdHeaders(req.id, callerRequestId(req.headers['x-request-id'])));
    // The route template and the guards' caller are read from Fastify's request at the end (request-end.ts).
    const record = recordOf(req.raw);
    if (record) record.framework = req as unknown as FrameworkRequest;
    done();
  });
  return adapter;
}

async function listen(app: NestFastifyApplication, port: number, host: string, backlog?: number): Promise<string> {
  // The options form: (port, host, backlog) makes the Fastify adapter take the backlog for its callback (TypeError: cb is not a function).
  await app.listen(backlog ? { port, host, backlog } : { port, host });
  const address = app.getHttpServer().address();
  return `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
}

/**
 * Readiness fails at once; no new connection is accepted; idle keep-alive connections close now
 * and busy ones when their request ends; streams run to their end or until `graceMs`.
 */
async function drainPublic(app: NestFastifyApplication, hot: HotServer, graceMs: number): Promise<void> {
  const logger = new Logger('gateway');
  app.get(Drain).start();
  const started = Date.now();
  logger.log({ inFlight: hot.activity().inFlight, graceMs }, 'draining: no new connections; waiting for requests in flight');
  const { cut } = await hot.drain(graceMs);
  if (cut) logger.warn({ cut, graceMs }, 'drain grace period over: requests still in flight were cut');
  logger.log({ ms: Date.now() - started }, 'drained');
}

/** The gauges Prometheus reads at scrape time, from the public app's services. */
function watchGauges(metrics: GatewayMetrics, app: NestFastifyApplication, hot: HotServer): void {
  const health = app.get(TargetHealth);
  const publisher = app.get(UsagePublisher);
  const keeper = app.get(HoldKeeper);
  metrics.watch({
    circuits: () => health.view(),
    usageBacklog: () => publisher.backlog(),
    holdsInFlight: () => keeper.count(),
    requestsInFlight: () => hot.activity().inFlight,
    settleFailures: () => publisher.failedSettles(),
    keepAliveFailures: () => keeper.failedKeepAlives(),
  });
}

export interface GatewayOptions {
  /** Where the JSON log lines go (stdout by default); tests pass a stream to read the access log. */
  logDestination?: DestinationStream;
  /** Providers swapped in for the gateway's own (e.g. bench/gateway-bypass.ts); set in code only, never from the environment. */
  overrides?: Provider[];
}

/** Starts the public edge (GATEWAY_PORT) and the internal catalog admin API (GATEWAY_ADMIN_PORT, with /metrics). */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  if (config.MIGRATE_ON_START) await migrateService(config.DATABASE_URL, 'gateway');
  const pino = createLogger('gateway', config.LOG_LEVEL, options.logDestination);
  const logger = config.LOG_LEVEL === 'silent' ? false : new PinoNestLogger(pino);
  const metrics = new GatewayMetrics(createMetricsRegistry('gateway'), config.METRICS_TENANT_LABEL);
  const hot = new HotServer(requestEnd(metrics, AccessLog.enabled(pino, config.ACCESS_LOG) ? new AccessLog(pino) : null), config.REQUEST_TIMEOUT_MS);
  const app = await NestFactory.create<NestFastifyApplication>(GatewayAppModule.forRoot(config, options.overrides), publicAdapter(config, hot), { logger });
  app.useGlobalFilters(new OpenAiErrorFilter());
  // The key of a Nest /v1 route is checked before its body is read, as on the hot routes.
  authenticateBeforeBody(app.getHttpAdapter().getInstance(), app.get(AdmissionService));
  registerHotRoutes(app, hot);
  watchGauges(metrics, app, hot);
  const url = await listen(app, config.GATEWAY_PORT, config.GATEWAY_HOST, config.LISTEN_BACKLOG);

  const shared = {
    config,
    repo: app.get(CatalogRepository),
    catalog: app.get(CatalogService),
    health: app.get(TargetHealth),
    prices: app.get(PricesService),
    bus: app.get(Bus),
  };
  const adminAdapter = new FastifyAdapter(httpErrorOptions('admin'));
  acceptEmptyJsonBodies(adminAdapter);
  parseJsonBodies(adminAdapter.getInstance(), { refuseUnstorableText: true });
  const admin = await NestFactory.create<NestFastifyApplication>(GatewayAdminModule.forRoot(config.ADMIN_TOKEN, shared), adminAdapter, { logger });
  admin.useGlobalFilters(new OpenAiErrorFilter('admin'));
  setupAdminHttp(admin, 'Tollgate gateway admin API', 'Upstream providers and per-tenant model routes.', { shutdownHooks: false });
  registerMetricsRoute(admin, metrics.registry);
  const adminUrl = await listen(admin, config.GATEWAY_ADMIN_PORT, config.GATEWAY_ADMIN_HOST);
  const stopHeapTrim = startHeapTrim(() => hot.activity(), config.IDLE_HEAP_TRIM_MS);

  return {
    app,
    admin,
    url,
    baseUrl: `${url}/v1`,
    adminUrl,
    close: once(async () => {
      stopHeapTrim();
      await drainPublic(app, hot, config.SHUTDOWN_GRACE_MS);
      await admin.close();
      await app.get(UsagePublisher).flush();
      await app.close();
    }),
  };
}
