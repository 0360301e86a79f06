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
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'uri_too_long'
  | 'request_header_fields_too_large'
  | 'request_timeout'
  | 'expectation_failed'
  | 'auth_unavailable'
  | 'billing_unavailable'
  | 'top_up_unavailable'
  | 'payment_provider_error'
  | 'console_unavailable'
  | 'not_ready'
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
  | 'budget_exceeded'
  | 'invalid_credentials'
  | 'not_signed_in'
  | 'csrf_failed'
  | 'session_required'
  | 'invalid_invite'
  | 'weak_password';

/** Upstream's own error answer, passed through for the client errors (4xx) it reports. */
export interface UpstreamAnswer {
  status: number;
  body: unknown;
  retryAfter?: string;
}

/** Everything a GatewayError carries, by name; error-body.ts maps `code` to status, type and wire body. */
export interface GatewayErrorOptions {
  code: GatewayErrorCode;
  message: string;
  /** The request field at fault (the body's `param`); null when none is. */
  param?: string | null;
  /** Upstream's own error body, passed through for client errors (4xx) it reports. */
  upstream?: UpstreamAnswer;
  /** Extra response headers (retry-after and rate-limit headers on a 429). */
  headers?: Record<string, string>;
  /** An upstream failure another target may not have: the router falls back on these. */
  retryable?: boolean;
}

/** The gateway's one domain error; OpenAiErrorFilter maps each code to status and wire body (error-body.ts). */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly param: string | null;
  readonly upstream?: UpstreamAnswer;
  readonly headers: Record<string, string>;
  readonly retryable: boolean;

  constructor(options: GatewayErrorOptions) {
    super(options.message);
    this.code = options.code;
    this.param = options.param ?? null;
    this.upstream = options.upstream;
    this.headers = options.headers ?? {};
    this.retryable = options.retryable ?? false;
  }
}

/** What most factories take besides their message. */
type Extra = Pick<GatewayErrorOptions, 'param' | 'retryable'>;

const AUTH_UNAVAILABLE = 'The authentication service is temporarily unavailable. Please retry shortly.';
const BILLING_UNAVAILABLE = 'Billing is temporarily unavailable. Please retry shortly.';
const NOT_SIGNED_IN = 'Not signed in, or the session has ended.';

export const INVALID_API_KEY = 'Invalid or missing API key.';
export const invalidKey = () => new GatewayError({ code: 'invalid_api_key', message: INVALID_API_KEY });
/** The admin ports' 401: their callers present the admin token, not an API key. */
export const invalidAdminToken = () => new GatewayError({ code: 'unauthorized', message: 'Invalid or missing admin token.' });

/** Bodies refused before any service sees them (Fastify's parser on Nest routes, http/json-body.ts on the hot ones). */
export const unreadableJson = () =>
  new GatewayError({
    code: 'invalid_request',
    message: "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
  });
export const forbiddenJsonKey = () =>
  new GatewayError({
    code: 'invalid_request',
    message: "The JSON body holds a key that is not allowed: '__proto__', or 'constructor' holding 'prototype' (in any spelling).",
  });
export const unsupportedContentType = () => new GatewayError({ code: 'unsupported_media_type', message: "Unsupported content type; send 'application/json'." });
export const unsupportedEncoding = (message: string) => new GatewayError({ code: 'unsupported_media_type', message });
export const bodyTooDeep = (max: number) =>
  new GatewayError({ code: 'invalid_request', message: `The JSON body is nested too deeply (more than ${max} levels).` });
export const bodyTooLarge = () => new GatewayError({ code: 'request_too_large', message: 'Request body too large.' });

/** Requests refused by the HTTP layer before any route runs (http/http-errors.ts). */
export const uriTooLong = (max: number) => new GatewayError({ code: 'uri_too_long', message: `A path segment of the URL is longer than ${max} characters.` });
export const headersTooLarge = (max: number) =>
  new GatewayError({ code: 'request_header_fields_too_large', message: `The request's URL and headers together exceed ${max} bytes.` });
export const requestTimeout = () => new GatewayError({ code: 'request_timeout', message: 'The request was not received in time.' });
export const badUrl = () => new GatewayError({ code: 'invalid_request', message: 'The URL is not valid: a path component could not be decoded.' });
export const badHttp = () => new GatewayError({ code: 'invalid_request', message: 'The request is not valid HTTP/1.1.' });
export const expectationFailed = (expect: string) =>
  new GatewayError({ code: 'expectation_failed', message: `The Expect header '${expect.slice(0, 64)}' is not supported; only 100-continue is.` });
export const connectRefused = () => new GatewayError({ code: 'invalid_request', message: 'CONNECT is not supported: this is an HTTP API, not a proxy.' });

/** Named factories for the errors thrown in more than one place or with a fixed wording. */
export const GatewayErrors = {
  invalidKey,
  invalidAdminToken,
  unreadableJson,
  forbiddenJsonKey,
  unsupportedContentType,
  bodyTooDeep,
  bodyTooLarge,
  uriTooLong,
  headersTooLarge,
  requestTimeout,
  badUrl,
  badHttp,
  expectationFailed,
  connectRefused,
  /** 400: the request (a body field, a query parameter) is not valid; `param` names the field. */
  invalidRequest: (message: string, extra: Extra = {}) => new GatewayError({ code: 'invalid_request', message, ...extra }),
  /** 404: no such resource (an unknown URL, invoice, statement, tenant). */
  notFound: (message: string) => new GatewayError({ code: 'not_found', message }),
  /** 405 with the methods the path takes in `Allow`, as RFC 9110 asks. */
  methodNotAllowed: (method: string, allow: readonly string[]) =>
    new GatewayError({ code: 'method_not_allowed', message: `The method ${method} is not allowed here.`, headers: { allow: allow.join(', ') } }),
  /** 404 on `model`: the caller cannot see it (it does not exist, or not for them). */
  modelNotFound: (model: string) =>
    new GatewayError({ code: 'model_not_found', message: `The model '${model}' does not exist or you do not have access to it.`, param: 'model' }),
  /** 403: `who` ("This API key does not have", "Your role (viewer) does not have") lacks `scope`; `headers`: the rate-limit headers of the admission that ran first. */
  missingScope: (scope: string, { who = 'This API key does not have', headers }: { who?: string; headers?: Record<string, string> } = {}) =>
    new GatewayError({ code: 'missing_scope', message: `${who} the '${scope}' scope required for this request.`, headers }),
  /** 429 with its retry-after (and any rate-limit headers). */
  rateLimited: (message: string, headers: Record<string, string>) => new GatewayError({ code: 'rate_limited', message, headers }),
  insufficientCredits: () => new GatewayError({ code: 'insufficient_credits', message: 'Insufficient credits. Please top up your account balance.' }),
  /** 403: the key's or the organization's budget for this period has no room for the request (edge/budget-plan.ts words it). */
  budgetExceeded: (message: string) => new GatewayError({ code: 'budget_exceeded', message }),
  /** 503: auth (over NATS) did not answer; or, with a message, the gateway itself is not ready. */
  authUnavailable: (message = AUTH_UNAVAILABLE) => new GatewayError({ code: 'auth_unavailable', message }),
  /** 503 from the readiness probe: `failing` names the dependencies that do not answer. */
  notReady: (failing: readonly string[]) =>
    new GatewayError({ code: 'not_ready', message: `The gateway is not ready: ${failing.length ? failing.join(', ') : 'a dependency'} unavailable.` }),
  billingUnavailable: (message = BILLING_UNAVAILABLE) => new GatewayError({ code: 'billing_unavailable', message }),
  invalidCredentials: (message: string) => new GatewayError({ code: 'invalid_credentials', message }),
  notSignedIn: (message = NOT_SIGNED_IN) => new GatewayError({ code: 'not_signed_in', message }),
  csrfFailed: (problem: string) => new GatewayError({ code: 'csrf_failed', message: problem }),
  conflict: (message: string, extra: Extra = {}) => new GatewayError({ code: 'conflict', message, ...extra }),
  providerNotFound: (id: string, param?: string) => new GatewayError({ code: 'provider_not_found', message: `No provider with id '${id}'.`, param }),
  /** 502: upstream failed; `retryable` lets the router try the next target. */
  upstreamError: (message: string, extra: Extra = {}) => new GatewayError({ code: 'upstream_error', message, ...extra }),
  upstreamTimeout: (message: string, extra: Extra = {}) => new GatewayError({ code: 'upstream_timeout', message, ...extra }),
} as const;
