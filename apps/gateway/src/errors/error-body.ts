import { GatewayError, GatewayErrorCode } from './gateway.error';

export interface ErrorBody {
  error: { message: string; type: string; param?: string | null; code: string | number | null };
}

interface Mapping {
  status: number;
  type: string;
  /** The seeds' wire format puts the HTTP status in `code` for 401 and 403 (credits). */
  code: string | number;
  /** The seeds' exact bodies for 401 and the credit 403 have no `param`. */
  noParam?: boolean;
}

function mapping(code: GatewayErrorCode): Mapping {
  switch (code) {
    case 'invalid_api_key':
      return { status: 401, type: 'authentication_error', code: 401, noParam: true };
    case 'insufficient_credits':
      return { status: 403, type: 'authorization_error', code: 403, noParam: true };
    case 'rate_limited':
      return { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' };
    case 'unauthorized':
    case 'invalid_credentials':
    case 'not_signed_in':
      return { status: 401, type: 'authentication_error', code };
    case 'csrf_failed':
    case 'session_required':
      return { status: 403, type: 'permission_error', code };
    case 'invalid_invite':
    case 'weak_password':
      return { status: 400, type: 'invalid_request_error', code };
    case 'missing_scope':
    case 'budget_exceeded':
    case 'model_not_allowed':
    case 'provider_not_allowed':
    case 'key_not_manageable':
      return { status: 403, type: 'permission_error', code };
    case 'conflict':
      return { status: 409, type: 'invalid_request_error', code };
    case 'model_not_found':
    case 'provider_not_found':
    case 'route_not_found':
    case 'not_found':
      return { status: 404, type: 'invalid_request_error', code };
    case 'invalid_request':
    case 'model_not_priced':
    case 'forbidden_base_url':
      return { status: 400, type: 'invalid_request_error', code };
    case 'request_too_large':
      return { status: 413, type: 'invalid_request_error', code };
    case 'unsupported_media_type':
      return { status: 415, type: 'invalid_request_error', code };
    case 'uri_too_long':
      return { status: 414, type: 'invalid_request_error', code };
    case 'request_header_fields_too_large':
      return { status: 431, type: 'invalid_request_error', code };
    case 'request_timeout':
      return { status: 408, type: 'invalid_request_error', code };
    case 'auth_unavailable':
    case 'billing_unavailable':
    case 'console_unavailable':
    case 'not_ready':
      return { status: 503, type: 'service_unavailable', code };
    case 'top_up_unavailable':
      return { status: 501, type: 'server_error', code };
    case 'payment_provider_error':
      return { status: 502, type: 'server_error', code };
    case 'upstream_rate_limited':
      return { status: 429, type: 'rate_limit_error', code };
    case 'upstream_timeout':
      return { status: 504, type: 'server_error', code };
    case 'upstream_error':
    case 'upstream_rejected':
      return { status: 502, type: 'server_error', code };
  }
}

/** One exhaustive switch from domain code to HTTP status and OpenAI-shaped body. */
export function toOpenAiError(err: GatewayError): { status: number; body: ErrorBody | unknown; headers: Record<string, string> } {
  const m = mapping(err.code);
  const headers: Record<string, string> = { ...err.headers };
  if (err.upstream?.retryAfter) headers['retry-after'] = err.upstream.retryAfter;
  if (err.upstream && err.code === 'invalid_request') return { status: err.upstream.status, body: err.upstream.body, headers };
  const body: ErrorBody = m.noParam
    ? { error: { message: err.message, type: m.type, code: m.code } }
    : { error: { message: err.message, type: m.type, param: err.param, code: m.code } };
  return { status: m.status, body, headers };
}

export function internalErrorBody(errorId: string): ErrorBody {
  return { error: { message: `The server had an error processing your request (id ${errorId}).`, type: 'server_error', param: null, code: 'internal_error' } };
}
