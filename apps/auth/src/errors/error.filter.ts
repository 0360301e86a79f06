import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { domainErrorReply, httpExceptionReply, internalErrorReply } from '@tollgate/server';
import { AdminsError, adminsErrorReply } from '../admins/admins.error';
import { AuthError, AuthErrorCode } from './auth.error';

function statusOf(code: AuthErrorCode): number {
  switch (code) {
    case 'tenant_not_found':
    case 'key_not_found':
    case 'user_not_found':
    case 'session_not_found':
      return 404;
    case 'key_already_revoked':
    case 'key_already_rotated':
    case 'email_taken':
    case 'last_owner':
      return 409;
    case 'invalid_request':
    case 'weak_password':
      return 400;
    case 'scope_escalation':
    case 'key_not_manageable':
    case 'not_permitted':
      return 403;
  }
}

/** Maps every error of the admin API to `{error:{message,type,code}}` in one place. */
@Catch()
export class AuthErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('AuthErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const { status, body } =
      err instanceof AuthError
        ? domainErrorReply(statusOf(err.code), err)
        : err instanceof AdminsError
          ? adminsErrorReply(err)
          : err instanceof HttpException
            ? httpExceptionReply(err)
            : internalErrorReply(this.logger, err);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (err instanceof AdminsError && err.headers) void reply.headers(err.headers);
    void reply.status(status).send(body);
  }
}
