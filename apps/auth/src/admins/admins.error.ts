import { domainErrorReply, ErrorReply } from '@tollgate/server';

export type AdminsErrorCode = 'invalid_request' | 'weak_password' | 'email_taken' | 'admin_not_found' | 'last_admin' | 'invalid_credentials' | 'rate_limited';

/** The domain error of admin accounts and sessions; auth's error filter maps it with adminsErrorReply(). */
export class AdminsError extends Error {
  readonly code: AdminsErrorCode;
  readonly param?: string;
  /** Extra response headers (Retry-After). */
  readonly headers?: Readonly<Record<string, string>>;

  constructor(opts: { code: AdminsErrorCode; message: string; param?: string; headers?: Record<string, string> }) {
    super(opts.message);
    this.code = opts.code;
    this.param = opts.param;
    this.headers = opts.headers;
  }

  static invalidCredentials(): AdminsError {
    return new AdminsError({ code: 'invalid_credentials', message: ADMIN_SIGN_IN_FAILED });
  }

  static rateLimited(retryAfterSeconds: number): AdminsError {
    return new AdminsError({
      code: 'rate_limited',
      message: 'Too many sign-in attempts. Try again later.',
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/** The one answer to every failed sign-in, whichever part was wrong. */
export const ADMIN_SIGN_IN_FAILED = 'Incorrect email or password.';

function statusOf(code: AdminsErrorCode): number {
  switch (code) {
    case 'invalid_request':
    case 'weak_password':
      return 400;
    case 'invalid_credentials':
      return 401;
    case 'admin_not_found':
      return 404;
    case 'email_taken':
    case 'last_admin':
      return 409;
    case 'rate_limited':
      return 429;
  }
}

export function adminsErrorReply(err: AdminsError): ErrorReply {
  const reply = domainErrorReply(statusOf(err.code), err);
  if (err.code === 'invalid_credentials') reply.body.error.type = 'authentication_error';
  return reply;
}
