import { RouteConfig } from '@nestjs/platform-fastify';
import type { IncomingHttpHeaders } from 'node:http';

/** The error shapes the public API answers in. */
export type WireFormatName = 'openai' | 'anthropic';

/** A route's declaration: one shape always, or Anthropic's when the caller sends `anthropic-version` (the models API both SDKs call). */
export type WireFormatRule = WireFormatName | 'anthropic-if-versioned';

/** What @WireFormat keeps in the Fastify route's config, where the error filter reads it. */
export interface WireFormatConfig {
  wireFormat?: WireFormatRule;
}

/**
 * Declares the error shape of a Nest route. It lives in the Fastify route's config, so errors
 * raised before the handler runs (the key guard's 401, the body parser's 413/415/400) use it
 * too. Routes that declare nothing answer in OpenAI's shape. The hot routes pass theirs to
 * sendError (proxy/hot-routes.ts).
 */
export const WireFormat = (rule: WireFormatRule): MethodDecorator => RouteConfig({ wireFormat: rule } satisfies WireFormatConfig);

export function resolveWireFormat(rule: WireFormatRule | undefined, headers: IncomingHttpHeaders | undefined): WireFormatName {
  if (rule === 'anthropic-if-versioned') return headers?.['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
  return rule ?? 'openai';
}

/**
 * Requests no route answers have no declaration to read: an unknown path or method (404), a
 * URL the router refuses (414, 400), bytes that are not HTTP. For those, the declarations of
 * the routes under these prefixes stand in (wire-format.spec.ts checks they agree).
 */
export const UNROUTED_WIRE_FORMATS: ReadonlyArray<readonly [prefix: string, rule: WireFormatRule]> = [
  ['/v1/messages', 'anthropic'],
  ['/v1/models', 'anthropic-if-versioned'],
];

export function unroutedWireFormat(path: string, headers: IncomingHttpHeaders | undefined): WireFormatName {
  return resolveWireFormat(UNROUTED_WIRE_FORMATS.find(([prefix]) => path.startsWith(prefix))?.[1], headers);
}
