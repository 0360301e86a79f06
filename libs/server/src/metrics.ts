import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A service's own Prometheus registry: every series carries `service="<service>"`, and the
 * process metrics (CPU, memory, event-loop lag, GC, handles) are collected into it.
 * A registry per service instance (never prom-client's global one), so two services in one
 * process (tests, `npm start`) do not clash.
 */
export function createMetricsRegistry(service: string): Registry {
  const register = new Registry();
  register.setDefaultLabels({ service });
  collectDefaultMetrics({ register });
  return register;
}

/**
 * `GET /metrics` in the Prometheus text format on an internal (admin) Fastify app: no auth
 * (the port is internal, kept so by the NetworkPolicy) and not in the OpenAPI document (a plain
 * Fastify route, which Nest's Swagger scanner never sees). Call it before the app listens.
 */
export function registerMetricsRoute(app: NestFastifyApplication, registry: Registry): void {
  app
    .getHttpAdapter()
    .getInstance()
    .get('/metrics', async (_req, reply) => {
      const body = await registry.metrics();
      return reply.header('content-type', registry.contentType).header('cache-control', 'no-store').send(body);
    });
}
