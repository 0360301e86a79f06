import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { recordOf } from './request-record';
import type { Reply } from './reply';
import { openAiErrorToAnthropic } from '../translate/anthropic-errors';
import { internalErrorBody, toOpenAiError } from '../errors/error-body';
import { refusalReason } from '../errors/refusals';
import { PublicRouteConfig, unroutedWireFormat } from './public-routes';
import { resolveWireFormat, WireFormatName } from '../errors/wire-format';
import {
  badUrl,
  bodyTooLarge,
  GatewayError,
  GatewayErrors,
  invalidAdminToken,
  invalidKey,
  unreadableJson,
  unsupportedContentType,
  uriTooLong,
} from '../errors/gateway.error';

const logger = new Logger('GatewayErrors');

/** Which port answers: the public API (API keys) or the catalog admin API (the admin token). */
export type Surface = 'public' | 'admin';

/** Longest path segment (a route parameter) the router takes: a 256-byte model name, every byte percent-encoded. */
export const MAX_PATH_SEGMENT_CHARS = 768;

/** The message of an HttpException (a validation pipe's list joined), for the admin port that shows it. */
function messageOf(err: HttpException): string {
  const res = err.getResponse();
  const message = typeof res === 'string' ? res : (res as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : err.message;
}

/** The dependency names a readiness 503 carries (libs/server health.ts), else none. */
function failingOf(err: unknown): string[] {
  const res = err instanceof HttpException ? err.getResponse() : null;
  const failing = res && typeof res === 'object' ? (res as { failing?: unknown }).failing : undefined;
  return Array.isArray(failing) ? failing.filter((f): f is string => typeof f === 'string') : [];
}

/** Anything thrown on the way to a response, as a GatewayError (or null if it is a bug). */
export function classify(err: unknown, surface: Surface = 'public'): GatewayError | null {
  if (err instanceof GatewayError) return err;
  const code = (err as { code?: unknown })?.code;
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') return uriTooLong(MAX_PATH_SEGMENT_CHARS);
  if (code === 'FST_ERR_BAD_URL') return badUrl();
  const status = err instanceof HttpException ? err.getStatus() : (err as { statusCode?: number })?.statusCode;
  if (status === 413) return bodyTooLarge();
  if (status === 404) return GatewayErrors.notFound('Unknown request URL. Please check the URL and method.');
  if (status === 401) return surface === 'admin' ? invalidAdminToken() : invalidKey();
  if (status === 503) return GatewayErrors.notReady(failingOf(err));
  if (status === 415) return unsupportedContentType();
  // The admin API validates bodies with Nest's ValidationPipe: its message names the field.
  if (status === 400 && surface === 'admin' && err instanceof HttpException) return GatewayErrors.invalidRequest(messageOf(err));
  if (status === 400) return unreadableJson();
  return null;
}

/** The route Fastify matched, when one did (a /v1 route's config carries its declaration, http/public-routes.ts). */
interface Routed {
  is404?: boolean;
  routeOptions?: { config?: PublicRouteConfig };
}

/**
 * The caller's error shape: the one the route declared (@PublicRoute; the hot routes pass
 * theirs), OpenAI's for a route that declared none (/me), and for a request no route answered
 * the one of the declared route it lies under (unroutedWireFormat).
 */
function wireFormatOf(reply: Reply): WireFormatName {
  const request = reply.request as Reply['request'] & Routed;
  const headers = reply.raw.req?.headers;
  if (request.is404 === false) return resolveWireFormat(request.routeOptions?.config?.publicRoute?.wireFormat, headers);
  return unroutedWireFormat(request.url, headers);
}

/** The client went away (its request was aborted): nobody is left to answer, nothing to log. */
function clientGone(reply: Reply, err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return reply.raw.destroyed || reply.raw.writableEnded || name === 'AbortError' || name === 'RequestAbortedError';
}

/** `wireFormat`: the shape the caller's route speaks, when the caller knows it (the hot routes); otherwise read from the route. */
export function sendError(reply: Reply, err: unknown, surface: Surface = 'public', wireFormat?: WireFormatName): void {
  if (clientGone(reply, err)) {
    if (!reply.raw.destroyed) reply.raw.destroy();
    return;
  }
  // The admin port speaks OpenAI's shape only; the public one, its route's.
  const anthropic = surface === 'public' && (wireFormat ?? wireFormatOf(reply)) === 'anthropic';
  const known = classify(err, surface);
  if (!known) {
    const errorId = randomUUID();
    logger.error(
      { errorId, requestId: reply.request.id, err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) },
      'unhandled error',
    );
    const body = internalErrorBody(errorId);
    void reply.status(500).send(anthropic ? openAiErrorToAnthropic(500, body, String(reply.request.id)) : body);
    return;
  }
  const record = surface === 'public' ? recordOf(reply.raw.req) : undefined;
  if (record) record.refusal = refusalReason(known.code);
  const { status, body, headers } = toOpenAiError(known);
  void reply
    .status(status)
    .headers(headers)
    .send(anthropic ? openAiErrorToAnthropic(status, body, String(reply.request.id)) : body);
}

@Catch()
export class OpenAiErrorFilter implements ExceptionFilter {
  constructor(private readonly surface: Surface = 'public') {}

  catch(err: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<Reply>();
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    sendError(reply, err, this.surface);
  }
}
