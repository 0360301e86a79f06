/** Error bodies across the two formats: Anthropic `{"type":"error","error":{type,message}}` ↔ OpenAI `{"error":{message,type,param,code}}`. */
import type { AnthropicErrorBody } from './anthropic-types';
import { isRecord } from './mapping';
import type { OpenAiErrorBody } from './openai-types';

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'api_error'
  | 'overloaded_error';

/** Anthropic's documented HTTP status → error type; other 4xx are invalid requests, other 5xx api errors. */
export function anthropicErrorType(status: number): AnthropicErrorType {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    case 503:
    case 529:
      return 'overloaded_error';
    default:
      return status >= 400 && status < 500 ? 'invalid_request_error' : 'api_error';
  }
}

const STATUS_OF: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** The HTTP status an Anthropic error type stands for (stream `error` events carry only the type). */
export function statusOfAnthropicError(type: unknown): number {
  return (typeof type === 'string' && STATUS_OF[type]) || 500;
}

export function anthropicErrorBody(status: number, message: string, requestId?: string): AnthropicErrorBody {
  const body: AnthropicErrorBody = { type: 'error', error: { type: anthropicErrorType(status), message } };
  if (requestId) body.request_id = requestId;
  return body;
}

function messageOf(body: unknown, inner: unknown, status: number): string {
  if (isRecord(inner) && typeof inner.message === 'string' && inner.message) return inner.message;
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 500);
  return `The upstream provider answered with status ${status}.`;
}

/** The status an OpenAI error object implies when there is none (a mid-stream `{"error":{...}}` event). */
function statusOfOpenAiError(inner: unknown): number {
  const type = isRecord(inner) ? inner.type : undefined;
  const code = isRecord(inner) ? inner.code : undefined;
  if (type === 'rate_limit_error' || type === 'requests' || type === 'tokens' || code === 'rate_limit_exceeded') return 429;
  if (type === 'authentication_error' || code === 'invalid_api_key') return 401;
  if (type === 'permission_error') return 403;
  if (type === 'invalid_request_error') return 400;
  return 500;
}

/**
 * Any OpenAI-shaped (or unreadable) error body with its status, re-expressed for an Anthropic client.
 * `status` 0 (a stream error event has none) infers it from the OpenAI error's type and code.
 */
export function openAiErrorToAnthropic(status: number, body: unknown, requestId?: string): AnthropicErrorBody {
  const inner = isRecord(body) ? body.error : undefined;
  const effective = status > 0 ? status : statusOfOpenAiError(inner);
  return anthropicErrorBody(effective, messageOf(body, inner, effective), requestId);
}

const OPENAI_TYPE: Record<string, string> = {
  invalid_request_error: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  not_found_error: 'invalid_request_error',
  authentication_error: 'authentication_error',
  billing_error: 'insufficient_quota',
  permission_error: 'permission_error',
  rate_limit_error: 'rate_limit_error',
  timeout_error: 'server_error',
  api_error: 'server_error',
  overloaded_error: 'server_error',
};

/**
 * An Anthropic error body (HTTP answer or stream `error` event) for an OpenAI client. `code` keeps Anthropic's
 * error type (`rate_limit_exceeded` for 429, as OpenAI clients expect); `status` 0 means "take it from the type".
 */
export function anthropicErrorToOpenAi(status: number, body: unknown): OpenAiErrorBody {
  const inner = isRecord(body) ? body.error : undefined;
  const innerType = isRecord(inner) && typeof inner.type === 'string' ? inner.type : undefined;
  const effective = status > 0 ? status : statusOfAnthropicError(innerType);
  const type = innerType ?? anthropicErrorType(effective);
  return {
    error: {
      message: messageOf(body, inner, effective),
      type: (Object.hasOwn(OPENAI_TYPE, type) ? OPENAI_TYPE[type] : null) ?? (effective >= 500 ? 'server_error' : 'invalid_request_error'),
      param: null,
      code: type === 'rate_limit_error' ? 'rate_limit_exceeded' : type,
    },
  };
}
