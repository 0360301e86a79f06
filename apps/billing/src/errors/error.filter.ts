import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
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
      return 409;
  }
}

/** Maps every error of billing's HTTP surface (admin API and webhooks) to `{error:{message,type,code}}`. */
@Catch()
export class BillingErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('BillingErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (err instanceof BillingError) {
      void reply.status(statusOf(err.code)).send({ error: { message: err.message, type: 'invalid_request_error', code: err.code } });
      return;
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const body = err.getResponse();
      const message = typeof body === 'string' ? body : flatten((body as { message?: unknown }).message) ?? err.message;
      const type = status === 401 ? 'authentication_error' : 'invalid_request_error';
      void reply.status(status).send({ error: { message, type, code: status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'invalid_request' } });
      return;
    }
    const status = (err as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own errors (unparseable JSON, body too large) carry their status.
      void reply.status(status).send({ error: { message: (err as Error).message, type: 'invalid_request_error', code: 'invalid_request' } });
      return;
    }
    const id = randomUUID();
    this.logger.error({ errorId: id, err: err instanceof Error ? err.stack : String(err) }, 'unhandled error');
    void reply.status(500).send({ error: { message: `Internal error (id ${id}).`, type: 'server_error', code: 'internal_error' } });
  }
}

function flatten(message: unknown): string | undefined {
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}
