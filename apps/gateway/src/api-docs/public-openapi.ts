import { ME_PATHS } from './me-paths';
import type { Json } from './openapi-types';
import { V1_PATHS } from './v1-paths';

const STATUS: Record<string, [string, string, string]> = {
  '400': ['Invalid request', 'invalid_request_error', 'invalid_request'],
  '401': ['Invalid or missing API key (or no session)', 'authentication_error', 'invalid_api_key'],
  '403': [
    'Missing scope, model not allowed, no provider the key may use serves the model (`provider_not_allowed`), insufficient credits, CSRF check failed',
    'permission_error',
    'missing_scope',
  ],
  '404': ['Unknown, or another tenant’s', 'invalid_request_error', 'not_found'],
  '409': ['Conflict', 'invalid_request_error', 'conflict'],
  '413': ['Body over the limit', 'invalid_request_error', 'request_too_large'],
  '415': ['Body not sent as `application/json`, compressed, or not UTF-8', 'invalid_request_error', 'unsupported_media_type'],
  '429': ['Over a rate limit (`retry-after`)', 'rate_limit_error', 'rate_limit_exceeded'],
  '501': ['Not configured here (no payment provider)', 'server_error', 'top_up_unavailable'],
  '502': ['Every target failed', 'server_error', 'upstream_error'],
  '503': ['Auth, billing, NATS or Redis unavailable', 'service_unavailable', 'billing_unavailable'],
  '504': ['Every target timed out', 'server_error', 'upstream_timeout'],
};

const ERROR = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['message', 'type'],
      properties: { message: { type: 'string' }, type: { type: 'string' }, param: { type: ['string', 'null'] }, code: { type: ['string', 'integer', 'null'] } },
    },
  },
};
const ANTHROPIC_ERROR = {
  type: 'object',
  required: ['type', 'error'],
  properties: {
    type: { const: 'error' },
    error: { type: 'object', required: ['type', 'message'], properties: { type: { type: 'string' }, message: { type: 'string' } } },
  },
};

function responses(): Json {
  const out: Json = {};
  for (const [status, [description, type, code]] of Object.entries(STATUS)) {
    out[`error_${status}`] = {
      description,
      headers: { 'x-request-id': { $ref: '#/components/headers/x-request-id' } },
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/error' }, example: { error: { message: description, type, param: null, code } } },
      },
    };
    out[`anthropic_error_${status}`] = {
      description,
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/anthropic_error' }, example: { type: 'error', error: { type, message: description } } },
      },
    };
  }
  return out;
}

const h = (description: string, schema: Json = { type: 'string' }) => ({ description, schema });
const HEADERS = {
  'x-request-id': h(
    "On every response: your own `x-request-id` when you sent a well-formed one (1–128 of `A–Z a–z 0–9 . _ : -`), echoed for your tracing; otherwise the gateway's id, as in `x-tollgate-request-id`.",
  ),
  'x-tollgate-request-id': h(
    "On every /v1 response: the gateway's own id of the call, never chosen by the caller; the request log and usage carry it: quote it to support.",
  ),
  'x-tollgate-cost': h('What the call cost, in integer micro-units of the currency (non-streamed answers; streams put `cost_micros` in the usage chunk).', {
    type: 'integer',
  }),
  'x-tollgate-provider': h('The provider that served the call.'),
  'x-tollgate-model': h('The upstream model that served the call.'),
  'x-ratelimit-limit-requests': h('Requests allowed per minute (keys or tenants with limits).', { type: 'integer' }),
  'x-ratelimit-remaining-requests': h('Requests left in this minute.', { type: 'integer' }),
  'x-ratelimit-reset-requests': h('Time until the request window resets.'),
  'x-ratelimit-limit-tokens': h('Tokens allowed per minute.', { type: 'integer' }),
  'x-ratelimit-remaining-tokens': h('Tokens left in this minute.', { type: 'integer' }),
  'x-ratelimit-reset-tokens': h('Time until the token window resets.'),
};

/** The OpenAPI 3.1 document of the public port: /v1 and /me. Built once; served at /api/docs-json. */
export function publicOpenApi(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tollgate public API',
      version: '1',
      description:
        'The OpenAI- and Anthropic-compatible `/v1` API (full request and answer objects: OpenAI’s and Anthropic’s API references, linked per route) and the customer API `/me` the console uses. JSON on `/me` is snake_case; money is integer micro-units (1 USD = 1,000,000); times ISO 8601 UTC.',
    },
    externalDocs: { description: 'OpenAI API reference', url: 'https://platform.openai.com/docs/api-reference' },
    tags: [
      { name: 'v1', description: 'Model calls (OpenAI and Anthropic wire formats)', externalDocs: { url: 'https://docs.anthropic.com/en/api' } },
      ...['session', 'keys', 'models', 'usage', 'billing', 'audit', 'team', 'settings'].map((name) => ({ name, description: `/me: ${name}` })),
    ],
    paths: { ...V1_PATHS, ...ME_PATHS },
    components: {
      securitySchemes: {
        bearer_key: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer sk-tg-…`.' },
        x_api_key: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'The same API key in `x-api-key` (what the Anthropic SDK sends).' },
        session_cookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'tollgate_session',
          description: 'A portal session from `POST /me/session` (`__Host-tollgate_session` over TLS). HttpOnly, SameSite=Lax.',
        },
        csrf_header: {
          type: 'apiKey',
          in: 'header',
          name: 'x-tollgate-csrf',
          description: 'With a session, every POST/PATCH/PUT/DELETE carries `x-tollgate-csrf: 1` (else 403 `csrf_failed`).',
        },
      },
      headers: HEADERS,
      responses: responses(),
      schemas: {
        error: ERROR,
        anthropic_error: ANTHROPIC_ERROR,
        model: {
          type: 'object',
          description: "OpenAI's model object (Anthropic's with `anthropic-version`).",
          properties: { id: { type: 'string' }, object: { const: 'model' }, created: { type: 'integer' }, owned_by: { type: 'string' } },
          additionalProperties: true,
        },
      },
    },
  };
}
