import { Controller, Get, Inject, InjectionToken, ServiceUnavailableException, Type } from '@nestjs/common';

export type HealthStatus = { status: 'ok' };

/** One dependency probe; it rejects (or throws) when the dependency is unreachable. */
export type HealthCheck = () => Promise<unknown>;

/** 200 `{status:'ok'}` when every check passes, 503 otherwise. */
export async function readiness(checks: readonly HealthCheck[]): Promise<HealthStatus> {
  try {
    await Promise.all(checks.map((check) => check()));
  } catch {
    throw new ServiceUnavailableException('dependencies unavailable');
  }
  return { status: 'ok' };
}

/**
 * The `/health` controller every service mounts: `GET live` (the process answers) and
 * `GET ready` (the probes built by `checks` from the injected `deps` all pass).
 */
export function healthController<D extends unknown[]>(
  deps: { [K in keyof D]: InjectionToken },
  checks: (...deps: D) => HealthCheck[],
): Type<unknown> {
  @Controller('health')
  class HealthController {
    private readonly probes: HealthCheck[];

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
