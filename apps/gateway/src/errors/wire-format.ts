import type { IncomingHttpHeaders } from 'node:http';
import { RouteDeclaration, V1_ROUTE_LIST } from '../http/public-routes';

/** The error shapes the public API answers in. */
export type WireFormatName = 'openai' | 'anthropic';

/** A route's declaration: one shape always, or Anthropic's when the caller sends `anthropic-version` (the models API both SDKs call). */
export type WireFormatRule = WireFormatName | 'anthropic-if-versioned';

/**
 * What @PublicRoute keeps in the Fastify route's config, where the error filter reads it: errors
 * raised before the handler runs (the key's 401, the body parser's 413/415/400) use it too.
 * Routes that declare nothing (/me) answer in OpenAI's shape.
 */
export interface PublicRouteConfig {
  publicRoute?: RouteDeclaration;
}

export function resolveWireFormat(rule: WireFormatRule | undefined, headers: IncomingHttpHeaders | undefined): WireFormatName {
  if (rule === 'anthropic-if-versioned') return headers?.['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
  return rule ?? 'openai';
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
export function unroutedWireFormat(path: string, headers: IncomingHttpHeaders | undefined): WireFormatName {
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
