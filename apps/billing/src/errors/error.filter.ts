import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { domainErrorReply, ErrorReply, httpExceptionReply, internalErrorReply } from '@tollgate/server';
import { BillingError, BillingErrorCode } from './billing.error';

export function statusOf(code: BillingErrorCode): number {
  switch (code) {
    case 'invalid_request':
    case 'bad_signature':
    case 'bad_payload':
      return 400;
    case 'not_found':
    case 'unknown_provider':
      return 404;
    case 'insufficient_balance':
    case 'already_refunded':
    case 'refund_exceeds_charges':
    case 'idempotency_conflict':
      return 409;
    case 'unavailable':
      return 503;
  }
}

/** Maps every error of billing's HTTP surface (admin API and webhooks) to `{error:{message,type,code}}`. */
@Catch()
export class BillingErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('BillingErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const { status, body } =
      err instanceof BillingError
        ? domainErrorReply(statusOf(err.code), err)
        : err instanceof HttpException
          ? httpExceptionReply(err, { 404: 'not_found' })
          : (fastifyClientError(err) ?? internalErrorReply(this.logger, err));
    void host.switchToHttp().getResponse<FastifyReply>().status(status).send(body);
  }
}

/** Fastify's own errors (unparseable JSON, body too large) carry their 4xx status. */
function fastifyClientError(err: unknown): ErrorReply | undefined {
  const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return domainErrorReply(status, { message: (err as Error).message, code: 'invalid_request' });
}
