export type GatewayErrorCode =
  | 'invalid_api_key'
  | 'unauthorized'
  | 'missing_scope'
  | 'key_not_manageable'
  | 'conflict'
  | 'model_not_allowed'
  | 'provider_not_allowed'
  | 'model_not_found'
  | 'model_not_priced'
  | 'invalid_request'
  | 'request_too_large'
  | 'uri_too_long'
  | 'request_header_fields_too_large'
  | 'request_timeout'
  | 'auth_unavailable'
  | 'billing_unavailable'
  | 'top_up_unavailable'
  | 'payment_provider_error'
  | 'console_unavailable'
  | 'upstream_error'
  | 'upstream_timeout'
  | 'upstream_rate_limited'
  | 'upstream_rejected'
  | 'provider_not_found'
  | 'route_not_found'
  | 'forbidden_base_url'
  | 'not_found'
  | 'rate_limited'
  | 'insufficient_credits'
  | 'invalid_credentials'
  | 'not_signed_in'
  | 'csrf_failed'
  | 'session_required'
  | 'invalid_invite'
  | 'weak_password';

/** The gateway's one domain error; OpenAiErrorFilter maps each code to status and wire body. */
export class GatewayError extends Error {
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    readonly param: string | null = null,
    /** Upstream's own error body, passed through for client errors (4xx) it reports. */
    readonly upstream?: { status: number; body: unknown; retryAfter?: string },
    /** Extra response headers (retry-after and rate-limit headers on a 429). */
    readonly headers: Record<string, string> = {},
    /** An upstream failure another target may not have: the router falls back on these. */
    readonly retryable = false,
  ) {
    super(message);
  }
}

export const INVALID_API_KEY = 'Invalid or missing API key.';
export const invalidKey = () => new GatewayError('invalid_api_key', INVALID_API_KEY);
/** The admin ports' 401: their callers present the admin token, not an API key. */
export const invalidAdminToken = () => new GatewayError('unauthorized', 'Invalid or missing admin token.');

/** Bodies refused before any service sees them (Fastify's parser on Nest routes, hot/json-body.ts on the hot ones). */
export const unreadableJson = () =>
  new GatewayError('invalid_request', "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)");
export const unsupportedContentType = () => new GatewayError('invalid_request', "Unsupported content type; send 'application/json'.");
export const bodyTooDeep = (max: number) => new GatewayError('invalid_request', `The JSON body is nested too deeply (more than ${max} levels).`);
export const bodyTooLarge = () => new GatewayError('request_too_large', 'Request body too large.');

/** Requests refused by the HTTP layer before any route runs (errors/http-errors.ts). */
export const uriTooLong = (max: number) => new GatewayError('uri_too_long', `A path segment of the URL is longer than ${max} characters.`);
export const headersTooLarge = (max: number) => new GatewayError('request_header_fields_too_large', `The request's URL and headers together exceed ${max} bytes.`);
export const requestTimeout = () => new GatewayError('request_timeout', 'The request was not received in time.');
export const badUrl = () => new GatewayError('invalid_request', 'The URL is not valid: a path component could not be decoded.');
export const badHttp = () => new GatewayError('invalid_request', 'The request is not valid HTTP/1.1.');
