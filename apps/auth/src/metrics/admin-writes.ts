import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Counter, Registry } from 'prom-client';
import { Observable, tap } from 'rxjs';
import { METRICS_REGISTRY } from './registry';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The `resource` label of an admin write: the route's fixed path segments after `/admin`
 * (`/admin/tenants/:tenantId/keys` → `tenants/keys`, `/admin/keys/:keyId/revoke` → `keys/revoke`),
 * so ids never become labels. Null for reads, for routes outside `/admin`, and for admin
 * sign-in and sign-out (`/admin/session`), which change no resource.
 */
export function adminWriteResource(method: string, route: string | undefined): string | null {
  if (!WRITES.has(method.toUpperCase()) || !route) return null;
  const [first, ...rest] = route.split('/').filter((s) => s && !s.startsWith(':'));
  if (first !== 'admin' || !rest.length || rest[0] === 'session') return null;
  return rest.join('/');
}

/**
 * Counts admin API writes that succeeded, by resource, in the admin HTTP pipeline (one place for
 * every controller; a refused or failed write is not counted).
 */
@Injectable()
export class AdminWritesInterceptor implements NestInterceptor {
  private readonly writes: Counter<'resource'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.writes = new Counter({
      name: 'tollgate_admin_writes_total',
      help: "Successful admin API writes by resource (the route's fixed path after /admin, e.g. tenants, tenants/keys, keys/revoke).",
      labelNames: ['resource'],
      registers: [registry],
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const resource = adminWriteResource(req.method, req.routeOptions?.url);
    if (!resource) return next.handle();
    return next.handle().pipe(tap({ complete: () => this.writes.inc({ resource }) }));
  }
}
