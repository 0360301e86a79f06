import { applyDecorators, CanActivate, ExecutionContext, HttpCode, Injectable, RequestMapping, RequestMethod, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { Principal } from '@tollgate/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AdmissionService } from '../edge/admission.service';
import type { PublicRouteConfig, RouteDeclaration, V1Route } from './public-routes';

/** A /v1 request once PublicRouteGuard has let it in: `user` is its key's principal. */
export type KeyedRequest = FastifyRequest & { user: Principal };

/** A request on its way through the pipeline: `user` once authenticateBeforeBody has verified its key. */
type PipelineRequest = FastifyRequest & { user?: Principal };

/** The declaration @PublicRoute put in the route's config (none for /me and unrouted requests). */
function declarationOf(req: FastifyRequest): RouteDeclaration | undefined {
  return (req.routeOptions.config as PublicRouteConfig | undefined)?.publicRoute;
}

/**
 * The pipeline's key step for the Nest /v1 routes, before the body is read: an `onRequest` hook
 * (Fastify runs it before its content-type parser) that verifies the key of a route declared with
 * key authentication from its headers (AdmissionService.authenticate) and keeps the principal on
 * the request for PublicRouteGuard. A request without a valid key is refused without its body
 * being read or parsed; the refusal takes the path of every other error before a handler (Nest's
 * error handler, OpenAiErrorFilter): the route's wire format, the request-id headers set before.
 * Registered once, on the public Fastify instance (bootstrap.ts).
 */
export function authenticateBeforeBody(fastify: FastifyInstance, admission: AdmissionService): void {
  fastify.addHook('onRequest', (req: PipelineRequest, _reply, done) => {
    if (declarationOf(req)?.auth !== 'key') {
      done();
      return;
    }
    admission.authenticate(req.headers).then(
      (principal) => {
        req.user = principal;
        done();
      },
      (err: Error) => done(err),
    );
  });
}

/**
 * The pipeline's Nest side for /v1 routes (the hot routes run the same steps in calls/hot-routes.ts):
 * the key's principal, verified from the header before the body was read (authenticateBeforeBody),
 * then, unless the route is metered (its handler sizes a hold from the body and admits with it),
 * admission and the route's scope; the rate-limit headers go on the answer.
 */
@Injectable()
export class PublicRouteGuard implements CanActivate {
  constructor(private readonly admission: AdmissionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<PipelineRequest>();
    const route = declarationOf(req);
    if (!route) throw new Error(`${req.method} ${req.url}: @PublicRoute without its declaration`);
    const principal = req.user;
    if (!principal) throw new Error(`${req.method} ${req.url}: no principal; authenticateBeforeBody is not registered on this Fastify instance`);
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
