import { applyDecorators, CanActivate, ExecutionContext, HttpCode, Injectable, RequestMapping, RequestMethod, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { Principal } from '@tollgate/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdmissionService } from '../edge/admission.service';
import type { PublicRouteConfig, V1Route } from './public-routes';

/** A /v1 request once PublicRouteGuard has let it in: `user` is its key's principal. */
export type KeyedRequest = FastifyRequest & { user: Principal };

/**
 * The pipeline's Nest side for /v1 routes (the hot routes run the same steps in calls/hot-routes.ts):
 * the key from the header (AdmissionService.authenticate), then, unless the route is metered (its
 * handler sizes a hold from the body and admits with it), admission and the route's scope; the
 * rate-limit headers go on the answer.
 */
@Injectable()
export class PublicRouteGuard implements CanActivate {
  constructor(private readonly admission: AdmissionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest & { user?: Principal }>();
    const route = (req.routeOptions.config as PublicRouteConfig).publicRoute;
    if (!route) throw new Error(`${req.method} ${req.url}: @PublicRoute without its declaration`);
    const principal = await this.admission.authenticate(req.headers);
    req.user = principal;
    if (!route.metered)
      void http.getResponse<FastifyReply>().headers((await this.admission.admit({ principal, requestId: String(req.id), scope: route.scope })).headers);
    return true;
  }
}

/**
 * A Nest /v1 route, from its one declaration in V1_ROUTES: its method and path, its declaration in
 * the Fastify route config (where the error filter reads its wire format, for errors raised before
 * the handler too: 401, 413, 415), the pipeline's guard, and 200 on success.
 */
export function PublicRoute(route: V1Route): MethodDecorator {
  return applyDecorators(
    RequestMapping({ path: route.path, method: RequestMethod[route.method] }),
    RouteConfig({ publicRoute: route } satisfies PublicRouteConfig),
    UseGuards(PublicRouteGuard),
    HttpCode(200),
  );
}
