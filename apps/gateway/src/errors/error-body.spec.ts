import { toOpenAiError } from './error-body';
import { GatewayError, GatewayErrors } from './gateway.error';

const body = (message: string, type: string, code: string, param: string | null = null) => ({ error: { message, type, param, code } });

describe('GatewayErrors: each factory → status, headers and OpenAI-shaped body (error-body.ts)', () => {
  it.each([
    ['invalidKey', GatewayErrors.invalidKey(), 401, { error: { message: 'Invalid or missing API key.', type: 'authentication_error', code: 401 } }],
    ['invalidAdminToken', GatewayErrors.invalidAdminToken(), 401, body('Invalid or missing admin token.', 'authentication_error', 'unauthorized')],
    [
      'invalidRequest',
      GatewayErrors.invalidRequest("'limit' must be an integer.", { param: 'limit' }),
      400,
      body("'limit' must be an integer.", 'invalid_request_error', 'invalid_request', 'limit'),
    ],
    ['invalidRequest without param', GatewayErrors.invalidRequest('bad'), 400, body('bad', 'invalid_request_error', 'invalid_request')],
    ['notFound', GatewayErrors.notFound('No invoice.'), 404, body('No invoice.', 'invalid_request_error', 'not_found')],
    [
      'modelNotFound',
      GatewayErrors.modelNotFound('m'),
      404,
      body("The model 'm' does not exist or you do not have access to it.", 'invalid_request_error', 'model_not_found', 'model'),
    ],
    [
      'missingScope (API key)',
      GatewayErrors.missingScope('chat:write'),
      403,
      body("This API key does not have the 'chat:write' scope required for this request.", 'permission_error', 'missing_scope'),
    ],
    [
      'missingScope (role)',
      GatewayErrors.missingScope('keys:write', { who: 'Your role (viewer) does not have' }),
      403,
      body("Your role (viewer) does not have the 'keys:write' scope required for this request.", 'permission_error', 'missing_scope'),
    ],
    [
      'insufficientCredits',
      GatewayErrors.insufficientCredits(),
      403,
      { error: { message: 'Insufficient credits. Please top up your account balance.', type: 'authorization_error', code: 403 } },
    ],
    [
      'authUnavailable',
      GatewayErrors.authUnavailable(),
      503,
      body('The authentication service is temporarily unavailable. Please retry shortly.', 'service_unavailable', 'auth_unavailable'),
    ],
    [
      'billingUnavailable',
      GatewayErrors.billingUnavailable(),
      503,
      body('Billing is temporarily unavailable. Please retry shortly.', 'service_unavailable', 'billing_unavailable'),
    ],
    ['billingUnavailable (message)', GatewayErrors.billingUnavailable('Too big.'), 503, body('Too big.', 'service_unavailable', 'billing_unavailable')],
    [
      'invalidCredentials',
      GatewayErrors.invalidCredentials('Incorrect email or password.'),
      401,
      body('Incorrect email or password.', 'authentication_error', 'invalid_credentials'),
    ],
    ['notSignedIn', GatewayErrors.notSignedIn(), 401, body('Not signed in, or the session has ended.', 'authentication_error', 'not_signed_in')],
    ['csrfFailed', GatewayErrors.csrfFailed('Missing origin.'), 403, body('Missing origin.', 'permission_error', 'csrf_failed')],
    ['conflict', GatewayErrors.conflict('In use.', { param: 'id' }), 409, body('In use.', 'invalid_request_error', 'conflict', 'id')],
    [
      'providerNotFound',
      GatewayErrors.providerNotFound('p', 'providerId'),
      404,
      body("No provider with id 'p'.", 'invalid_request_error', 'provider_not_found', 'providerId'),
    ],
    ['upstreamError', GatewayErrors.upstreamError('down', { retryable: true }), 502, body('down', 'server_error', 'upstream_error')],
    ['upstreamTimeout', GatewayErrors.upstreamTimeout('slow'), 504, body('slow', 'server_error', 'upstream_timeout')],
    ['bodyTooLarge', GatewayErrors.bodyTooLarge(), 413, body('Request body too large.', 'invalid_request_error', 'request_too_large')],
    [
      'uriTooLong',
      GatewayErrors.uriTooLong(768),
      414,
      body('A path segment of the URL is longer than 768 characters.', 'invalid_request_error', 'uri_too_long'),
    ],
    [
      'headersTooLarge',
      GatewayErrors.headersTooLarge(16384),
      431,
      body("The request's URL and headers together exceed 16384 bytes.", 'invalid_request_error', 'request_header_fields_too_large'),
    ],
    ['requestTimeout', GatewayErrors.requestTimeout(), 408, body('The request was not received in time.', 'invalid_request_error', 'request_timeout')],
  ])('%s', (_name, err, status, expected) => {
    const out = toOpenAiError(err);
    expect(out.status).toBe(status);
    expect(out.body).toEqual(expected);
    expect(out.headers).toEqual({});
  });

  it('rateLimited: 429 with its headers', () => {
    const out = toOpenAiError(GatewayErrors.rateLimited('Slow down.', { 'retry-after': '3', 'x-ratelimit-remaining-requests': '0' }));
    expect(out).toEqual({
      status: 429,
      body: body('Slow down.', 'rate_limit_error', 'rate_limit_exceeded'),
      headers: { 'retry-after': '3', 'x-ratelimit-remaining-requests': '0' },
    });
  });

  it('an upstream 4xx passes through with its own status and body; its retry-after becomes a header', () => {
    const upstream = { status: 422, body: { error: { message: 'no', type: 'invalid_request_error', param: null, code: null } }, retryAfter: '7' };
    expect(toOpenAiError(new GatewayError({ code: 'invalid_request', message: 'no', upstream }))).toEqual({
      status: 422,
      body: upstream.body,
      headers: { 'retry-after': '7' },
    });
  });

  it('options left out take their defaults: no param, no headers, not retryable', () => {
    const err = new GatewayError({ code: 'upstream_error', message: 'x', param: undefined });
    expect({ param: err.param, headers: err.headers, retryable: err.retryable, upstream: err.upstream, message: err.message }).toEqual({
      param: null,
      headers: {},
      retryable: false,
      upstream: undefined,
      message: 'x',
    });
    expect(GatewayErrors.upstreamError('x', { retryable: true }).retryable).toBe(true);
  });
});
