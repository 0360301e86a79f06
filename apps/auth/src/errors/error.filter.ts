import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { AuthError, AuthErrorCode } from './auth.error';

function statusOf(code: AuthErrorCode): number {
  switch (code) {
    case 'tenant_not_found':
    case 'key_not_found':
      return 404;
    case 'key_already_revoked':
      return 409;
    case 'invalid_request':
      return 400;
    case 'scope_escalation':
      return 403;
  }
}

/** Maps every error of the admin API to `{error:{message,type,code}}` in one place. */
@Catch()
export class AuthErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('AuthErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (err instanceof AuthError) {
      void reply.status(statusOf(err.code)).send({ error: { message: err.message, type: 'invalid_request_error', code: err.code } });
      return;
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const body = err.getResponse();
      const message = typeof body === 'string' ? body : flatten((body as { message?: unknown }).message) ?? err.message;
      const type = status === 401 ? 'authentication_error' : 'invalid_request_error';
      void reply.status(status).send({ error: { message, type, code: status === 401 ? 'unauthorized' : 'invalid_request' } });
      return;
    }
    const id = randomUUID();
    this.logger.error({ errorId: id, err }, 'unhandled error');
    void reply.status(500).send({ error: { message: `Internal error (id ${id}).`, type: 'server_error', code: 'internal_error' } });
  }
}

function flatten(message: unknown): string | undefined {
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}
