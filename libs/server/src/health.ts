import { Controller, Get, Inject, InjectionToken, ServiceUnavailableException, Type } from '@nestjs/common';

export type HealthStatus = { status: 'ok' };

/** One dependency probe; it rejects (or throws) when the dependency is unreachable. */
export type HealthCheck = () => Promise<unknown>;

/** A probe that has not answered by then counts as failing (a readiness probe must answer). */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * 200 `{status:'ok'}` when every named check passes; otherwise 503 naming the failing ones,
 * e.g. `{ message: 'not ready: redis, nats', failing: ['redis', 'nats'] }` (names only, never an error text).
 */
export async function readiness(checks: Readonly<Record<string, HealthCheck>>): Promise<HealthStatus> {
  const names = Object.keys(checks);
  const results = await Promise.allSettled(names.map((name) => withTimeout(checks[name])));
  const failing = names.filter((_, i) => results[i].status === 'rejected');
  if (failing.length)
    throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: `not ready: ${failing.join(', ')}`, failing });
  return { status: 'ok' };
}

function withTimeout(check: HealthCheck): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS)));
  return Promise.race([Promise.resolve().then(check), timeout]).finally(() => clearTimeout(timer));
}

/**
 * The `/health` controller every service mounts: `GET live` (the process answers) and
 * `GET ready` (the probes built by `checks` from the injected `deps` all pass; a 503 names those that fail).
 */
export function healthController<D extends unknown[]>(
  deps: { [K in keyof D]: InjectionToken },
  checks: (...deps: D) => Record<string, HealthCheck>,
): Type<unknown> {
  @Controller('health')
  class HealthController {
    private readonly probes: Record<string, HealthCheck>;

    constructor(...injected: unknown[]) {
      this.probes = checks(...(injected as D));
    }

    @Get('live')
    live(): HealthStatus {
      return { status: 'ok' };
    }

    @Get('ready')
    ready(): Promise<HealthStatus> {
      return readiness(this.probes);
    }
  }
  (deps as InjectionToken[]).forEach((token, i) => Inject(token)(HealthController, undefined, i));
  return HealthController;
}
