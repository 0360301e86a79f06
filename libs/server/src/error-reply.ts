import { HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

/** The wire shape of every admin-API error: `{error:{message,type,code}}`. */
export interface ErrorBody {
  error: { message: string; type: string; code: string };
}

export interface ErrorReply {
  status: number;
  body: ErrorBody;
}

/** A domain error the app's filter has already mapped to a status. */
export function domainErrorReply(status: number, err: { message: string; code: string }): ErrorReply {
  return { status, body: { error: { message: err.message, type: 'invalid_request_error', code: err.code } } };
}

/**
 * An HttpException (validation, guards, routing) keeps its status. 401 is `unauthorized`;
 * `codes` names further statuses; any other is `invalid_request`.
 */
export function httpExceptionReply(err: HttpException, codes: Readonly<Record<number, string>> = {}): ErrorReply {
  const status = err.getStatus();
  const res = err.getResponse();
  const message = typeof res === 'string' ? res : (flatten((res as { message?: unknown }).message) ?? err.message);
  const type = status === 401 ? 'authentication_error' : 'invalid_request_error';
  const code = status === 401 ? 'unauthorized' : (codes[status] ?? 'invalid_request');
  return { status, body: { error: { message, type, code } } };
}

/** Anything unexpected: logged with an id, answered 500 with that id and nothing else. */
export function internalErrorReply(logger: Logger, err: unknown): ErrorReply {
  const id = randomUUID();
  logger.error({ errorId: id, err: err instanceof Error ? err.stack : String(err) }, 'unhandled error');
  return { status: 500, body: { error: { message: `Internal error (id ${id}).`, type: 'server_error', code: 'internal_error' } } };
}

function flatten(message: unknown): string | undefined {
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}
