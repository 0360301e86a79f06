import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { maxHeaderSize, STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { newRequestId } from './request-id';
import type { Reply } from './reply';
import { openAiErrorToAnthropic } from '../translate/anthropic-errors';
import { toOpenAiError } from '../errors/error-body';
import { badHttp, connectRefused, expectationFailed, GatewayError, headersTooLarge, requestTimeout } from '../errors/gateway.error';
import { MAX_PATH_SEGMENT_CHARS, sendError, Surface } from './openai-error.filter';
import { unroutedWireFormat } from './public-routes';

/** Node sets `rawPacket` (a Buffer) on a parse error: the bytes it was reading. */
type ClientError = Error & { code?: string; rawPacket?: unknown };

/** The path of the request a failed parse was reading, from the bytes it had (best effort: null if the request line is not among them). */
function pathOf(raw: unknown): string | null {
  if (!Buffer.isBuffer(raw)) return null;
  return /^[A-Z]+ (\/\S*)/.exec(raw.toString('latin1', 0, Math.min(raw.length, 256)))?.[1] ?? null;
}

/** A request URL without its query string. */
export function urlPath(url = '/'): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** The request being read on each public connection: a parse error mid-body belongs to it. */
const reading = new WeakMap<Socket, IncomingMessage>();

/** HotServer notes each request as it starts (one WeakMap write). */
export function noteRequest(req: IncomingMessage): void {
  reading.set(req.socket, req);
}

/**
 * Where a failed parse was: the request line among the bytes it had, else the request whose body
 * was being read on that connection (a client that stopped mid-body), else nowhere known.
 */
function failedRequestOf(err: ClientError, socket: Socket): { path: string | null; headers?: IncomingHttpHeaders } {
  const path = pathOf(err.rawPacket);
  if (path) return { path };
  const req = reading.get(socket);
  return req && !req.complete ? { path: urlPath(req.url), headers: req.headers } : { path: null };
}

/** An error's body as the route at `path` speaks (Anthropic's shape for its routes, OpenAI's elsewhere). */
function errorText(error: GatewayError, requestId: string, path: string | null, headers?: IncomingHttpHeaders): { status: number; text: string } {
  const { status, body } = toOpenAiError(error);
  const anthropic = path !== null && unroutedWireFormat(path, headers) === 'anthropic';
  return { status, text: JSON.stringify(anthropic ? openAiErrorToAnthropic(status, body, requestId) : body) };
}

function writeRaw(socket: Socket, status: number, text: string, requestId: string): void {
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\n` +
        `x-request-id: ${requestId}\r\nconnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy();
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
    const requestId = newRequestId();
    const where = surface === 'public' ? failedRequestOf(err, socket) : { path: null };
    const { status, text } = errorText(error, requestId, where.path, where.headers);
    writeRaw(socket, status, text, requestId);
  };
}

/**
 * The public server's answers to what Node would otherwise answer bare: an `Expect` other than
 * 100-continue (Node: an empty 417) and CONNECT (Node: the connection dropped unanswered).
 */
export function answerBareHttp(server: Server): void {
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const requestId = newRequestId();
    const { status, text } = errorText(expectationFailed(String(req.headers.expect)), requestId, urlPath(req.url), req.headers);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId, connection: 'close' }).end(text);
  });
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    const requestId = newRequestId();
    const { status, text } = errorText(connectRefused(), requestId, null);
    writeRaw(socket, status, text, requestId);
  });
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
