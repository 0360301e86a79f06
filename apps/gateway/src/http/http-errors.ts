import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { newRequestId } from './request-id';
import type { Reply } from './reply';
import { openAiErrorToAnthropic } from '../translate/anthropic-errors';
import { toOpenAiError } from '../errors/error-body';
import { badHttp, headersTooLarge, requestTimeout } from '../errors/gateway.error';
import { MAX_PATH_SEGMENT_CHARS, sendError, Surface } from './openai-error.filter';
import { unroutedWireFormat } from './public-routes';

/** Node sets `rawPacket` (a Buffer) on a parse error: the bytes it was reading. */
type ClientError = Error & { code?: string; rawPacket?: unknown };

/** The path of the request a failed parse was reading, from the bytes it had (best effort: null if the request line is not among them). */
function pathOf(raw: unknown): string | null {
  if (!Buffer.isBuffer(raw)) return null;
  return /^[A-Z]+ (\/\S*)/.exec(raw.toString('latin1', 0, Math.min(raw.length, 256)))?.[1] ?? null;
}

/**
 * Node's http server answers a request it cannot parse itself (431 for a URL and headers over
 * `maxHeaderSize`, 16 KB; 408; 400), through the `clientError` event, with no body at all. This
 * answers them as the gateway answers everything else: the caller's error shape, a request id.
 */
export function clientErrorHandler(surface: Surface): (err: ClientError, socket: Socket) => void {
  return (err, socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const error = err.code === 'HPE_HEADER_OVERFLOW' ? headersTooLarge(maxHeaderSize) : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? requestTimeout() : badHttp();
    const { status, body } = toOpenAiError(error);
    const requestId = newRequestId();
    const path = surface === 'public' ? pathOf(err.rawPacket) : null;
    const text = JSON.stringify(path && unroutedWireFormat(path, undefined) === 'anthropic' ? openAiErrorToAnthropic(status, body, requestId) : body);
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\n` +
          `x-request-id: ${requestId}\r\nconnection: close\r\n\r\n${text}`,
      );
    }
    socket.destroy();
  };
}

/** Fastify's own answers before a route runs (a path segment too long: 414; an undecodable URL: 400), in the caller's error shape. */
function frameworkErrors(surface: Surface) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    void reply.header('x-request-id', String(request.id));
    sendError(reply as unknown as Reply, err, surface);
  };
}

/** The Fastify options every gateway port shares: its router's limit and its HTTP-layer errors in the caller's shape. */
export function httpErrorOptions(surface: Surface): Pick<FastifyServerOptions, 'routerOptions' | 'frameworkErrors' | 'clientErrorHandler'> {
  return {
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT_CHARS },
    frameworkErrors: frameworkErrors(surface),
    clientErrorHandler: clientErrorHandler(surface),
  };
}
