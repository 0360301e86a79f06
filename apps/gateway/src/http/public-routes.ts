import type { Scope } from '@tollgate/contracts';
import type { IncomingHttpHeaders } from 'node:http';
import type { RouteScope } from '../edge/admission.service';
import { resolveWireFormat, WireFormatName, WireFormatRule } from '../errors/wire-format';

/**
 * How a public route authenticates: an API key (`Authorization: Bearer` or `x-api-key`), a key
 * or else the portal session cookie (/me), or the session only (a signed-in user's own settings).
 */
export type Authentication = 'key' | 'key-or-session' | 'session';

/** What every public route declares once; the pipeline (edge/admission.service.ts) does the rest. */
export interface RouteDeclaration {
  /** The shape of its errors (and, for the models API, of its answers). */
  wireFormat: WireFormatRule;
  auth: Authentication;
  /** The scope the caller must hold; checked after revocation and limits. */
  scope: RouteScope | null;
  /**
   * The handler sizes a credit hold from the body and admits the call with it itself
   * (AdmissionService.admit, the same admission as every other route). Otherwise the route is
   * admitted, hold-free, before its handler runs.
   */
  metered: boolean;
}

export type V1Method = 'GET' | 'POST' | 'DELETE';

export interface V1Route extends RouteDeclaration {
  method: V1Method;
  /** Fastify's template (`:param`). */
  path: string;
  /** Answered on node:http by HotServer (calls/hot-routes.ts), not by Nest. */
  hot: boolean;
}

const v1 = (method: V1Method, path: string, wireFormat: WireFormatRule, scope: Scope, flags: { metered?: boolean; hot?: boolean } = {}): V1Route => ({
  method,
  path,
  wireFormat,
  auth: 'key',
  scope,
  metered: flags.metered ?? false,
  hot: flags.hot ?? false,
});

/**
 * Every /v1 route, declared once: method, path, wire format, authentication and scope. The Nest
 * routes take theirs through @PublicRoute (http/public-route.guard.ts), the hot routes through
 * registerHotRoutes; a request no route answers (404, 414) takes the wire format of the declared
 * route it lies under (unroutedWireFormat, below). /me routes declare theirs with @MeScope / @MeSessionOnly.
 */
export const V1_ROUTES = {
  chatCompletions: v1('POST', '/v1/chat/completions', 'openai', 'chat:write', { metered: true, hot: true }),
  messages: v1('POST', '/v1/messages', 'anthropic', 'chat:write', { metered: true, hot: true }),
  countTokens: v1('POST', '/v1/messages/count_tokens', 'anthropic', 'chat:write'),
  embeddings: v1('POST', '/v1/embeddings', 'openai', 'embeddings:write', { metered: true }),
  // Anthropic's SDK sends `anthropic-version` on every request: it gets Anthropic's shapes.
  listModels: v1('GET', '/v1/models', 'anthropic-if-versioned', 'models:read'),
  retrieveModel: v1('GET', '/v1/models/:model', 'anthropic-if-versioned', 'models:read'),
  // Stored responses hold what `chat:write` sent and received; no narrower scope could read them.
  createResponse: v1('POST', '/v1/responses', 'openai', 'chat:write', { metered: true }),
  retrieveResponse: v1('GET', '/v1/responses/:response_id', 'openai', 'chat:write'),
  deleteResponse: v1('DELETE', '/v1/responses/:response_id', 'openai', 'chat:write'),
  listInputItems: v1('GET', '/v1/responses/:response_id/input_items', 'openai', 'chat:write'),
} as const satisfies Record<string, V1Route>;

/** The /v1 routes, as a list. */
export const V1_ROUTE_LIST: readonly V1Route[] = Object.values(V1_ROUTES);

/**
 * What @PublicRoute keeps in the Fastify route's config, where the error filter reads it: errors
 * raised before the handler runs (the key's 401, the body parser's 413/415/400) use it too.
 * Routes that declare nothing (/me) answer in OpenAI's shape.
 */
export interface PublicRouteConfig {
  publicRoute?: RouteDeclaration;
}

/** `/v1/models/:model` → `/v1/models`: the part of a route template before its first parameter. */
function fixedPart(template: string): string {
  const param = template.indexOf('/:');
  return param < 0 ? template : template.slice(0, param);
}

/**
 * Requests no route answers have no declaration of their own: an unknown path or method (404), a
 * URL the router refuses (414, 400), bytes that are not HTTP. They take the wire format of the
 * declared route they lie under (the longest fixed part that is a whole-segment prefix of the path:
 * `/v1/messages/batches` → POST /v1/messages, Anthropic's), and OpenAI's when none.
 */
export function unroutedWireFormat(rawPath: string, headers: IncomingHttpHeaders | undefined): WireFormatName {
  // The route a caller meant, however it spelled it: `//v1//messages`, `/v1/messages%2Fcount_tokens`.
  const path = rawPath.replace(/%2f/gi, '/').replace(/\/{2,}/g, '/');
  let best: WireFormatRule | undefined;
  let bestLength = -1;
  for (const route of V1_ROUTE_LIST) {
    const fixed = fixedPart(route.path);
    const under = path === fixed || (path.startsWith(fixed) && (path[fixed.length] === '/' || path[fixed.length] === '?'));
    if (under && fixed.length > bestLength) {
      best = route.wireFormat;
      bestLength = fixed.length;
    }
  }
  return resolveWireFormat(best, headers);
}
