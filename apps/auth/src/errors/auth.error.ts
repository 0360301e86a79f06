export type AuthErrorCode =
  | 'tenant_not_found'
  | 'key_not_found'
  | 'key_already_revoked'
  | 'key_already_rotated'
  | 'key_not_manageable'
  | 'invalid_request'
  | 'scope_escalation'
  | 'email_taken'
  | 'weak_password'
  | 'user_not_found'
  | 'session_not_found'
  | 'last_owner'
  | 'not_permitted';

/** The one domain error of the auth service; the filter maps its code to HTTP. */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}
