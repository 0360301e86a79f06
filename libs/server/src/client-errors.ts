import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody } from './error-reply';

/** Node sets `code` on the errors of a request it could not parse. */
type ClientError = Error & { code?: string };

function problemOf(err: ClientError): [status: number, code: string, message: string] {
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return [431, 'request_header_fields_too_large', `The request line and headers exceed ${maxHeaderSize} bytes.`];
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'request_timeout', 'The request was not received in time.'];
  return [400, 'invalid_request', 'The HTTP request could not be parsed.'];
}

/**
 * What Node's http server cannot parse (a URL and headers over `maxHeaderSize`, a request too slow,
 * malformed HTTP) it answers itself, bare or in Fastify's own shape. This answers it in the admin
 * APIs' error shape, `{error:{message,type,code}}`, and closes the connection (its bytes cannot be trusted).
 */
export function adminClientErrorHandler(err: ClientError, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = problemOf(err);
  const body: ErrorBody = { error: { message, type: 'invalid_request_error', code } };
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy();
}

/**
 * Fastify's own refusals before any route runs (a path segment over `maxParamLength`: 414; a URL it
 * cannot decode: 400), in the admin error shape and without repeating the path back.
 */
export function adminFrameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const status = tooLong ? 414 : (err.statusCode ?? 400);
  const body: ErrorBody = tooLong
    ? { error: { message: 'A path segment is too long.', type: 'invalid_request_error', code: 'uri_too_long' } }
    : { error: { message: 'The request URL could not be read.', type: 'invalid_request_error', code: 'invalid_request' } };
  void reply.code(status).send(body);
}

/** The Fastify options every admin port shares: its HTTP-layer refusals in the admin error shape. */
export const adminHttpErrorOptions: Pick<FastifyServerOptions, 'clientErrorHandler' | 'frameworkErrors'> = {
  clientErrorHandler: adminClientErrorHandler,
  frameworkErrors: adminFrameworkErrors,
};
