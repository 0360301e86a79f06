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

const AUTH = 'authentication_error';
const PERMISSION = 'permission_error';
const INVALID = 'invalid_request_error';
const SERVER = 'server_error';
const UNAVAILABLE = 'service_unavailable';
const RATE = 'rate_limit_error';

/** Every domain code's HTTP status and error type: a Record, so a new code without a row does not compile. */
const STATUS_AND_TYPE: Record<GatewayErrorCode, readonly [number, string]> = {
  invalid_api_key: [401, AUTH],
  unauthorized: [401, AUTH],
  invalid_credentials: [401, AUTH],
  not_signed_in: [401, AUTH],
  insufficient_credits: [403, 'authorization_error'],
  csrf_failed: [403, PERMISSION],
  session_required: [403, PERMISSION],
  missing_scope: [403, PERMISSION],
  budget_exceeded: [403, PERMISSION],
  model_not_allowed: [403, PERMISSION],
  provider_not_allowed: [403, PERMISSION],
  key_not_manageable: [403, PERMISSION],
  invalid_invite: [400, INVALID],
  weak_password: [400, INVALID],
  invalid_request: [400, INVALID],
  model_not_priced: [400, INVALID],
  forbidden_base_url: [400, INVALID],
  conflict: [409, INVALID],
  model_not_found: [404, INVALID],
  provider_not_found: [404, INVALID],
  route_not_found: [404, INVALID],
  not_found: [404, INVALID],
  method_not_allowed: [405, INVALID],
  request_too_large: [413, INVALID],
  unsupported_media_type: [415, INVALID],
  uri_too_long: [414, INVALID],
  request_header_fields_too_large: [431, INVALID],
  request_timeout: [408, INVALID],
  expectation_failed: [417, INVALID],
  rate_limited: [429, RATE],
  upstream_rate_limited: [429, RATE],
  auth_unavailable: [503, UNAVAILABLE],
  billing_unavailable: [503, UNAVAILABLE],
  console_unavailable: [503, UNAVAILABLE],
  not_ready: [503, UNAVAILABLE],
  top_up_unavailable: [501, SERVER],
  payment_provider_error: [502, SERVER],
  upstream_error: [502, SERVER],
  upstream_rejected: [502, SERVER],
  upstream_timeout: [504, SERVER],
};

function mapping(code: GatewayErrorCode): Mapping {
  const [status, type] = STATUS_AND_TYPE[code];
  // The seeds' exact bodies: the status as `code`, no `param`.
  if (code === 'invalid_api_key' || code === 'insufficient_credits') return { status, type, code: status, noParam: true };
  if (code === 'rate_limited') return { status, type, code: 'rate_limit_exceeded' };
  return { status, type, code };
}

/** One exhaustive table from domain code to HTTP status and OpenAI-shaped body. */
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
