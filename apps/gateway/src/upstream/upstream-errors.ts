import type { Dispatcher } from 'undici';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';

/**
 * What a caller sees when the upstream answered with an error: its own 400-class complaints
 * about the request pass through; credential problems and server errors become gateway errors.
 */
export function upstreamFailure(status: number, body: unknown, retryAfter?: string): GatewayError {
  if (status === 429) {
    return new GatewayError({
      code: 'upstream_rate_limited',
      message: 'The upstream provider is rate limiting requests. Please retry shortly.',
      upstream: { status, body, retryAfter },
      retryable: true,
    });
  }
  if (status === 401 || status === 403) {
    return new GatewayError({ code: 'upstream_rejected', message: 'The upstream provider rejected the gateway credentials for this model.', retryable: true });
  }
  if (status >= 400 && status < 500) {
    const message = extractMessage(body) ?? `The upstream provider rejected the request (${status}).`;
    return new GatewayError({
      code: 'invalid_request',
      message,
      upstream: { status, body: isOpenAiError(body) ? body : { error: { message, type: 'invalid_request_error', param: null, code: null } } },
    });
  }
  return GatewayErrors.upstreamError(`The upstream provider failed (${status}).`, { retryable: true });
}

function isOpenAiError(body: unknown): boolean {
  return typeof body === 'object' && body !== null && typeof (body as { error?: { message?: unknown } }).error?.message === 'string';
}

function extractMessage(body: unknown): string | undefined {
  return isOpenAiError(body) ? (body as { error: { message: string } }).error.message : undefined;
}

/**
 * Reads an upstream error response and turns it into the caller's error; `toOpenAi` converts a
 * provider's own error body (Anthropic's) into OpenAI's shape first.
 */
export async function failureOf(res: Dispatcher.ResponseData, toOpenAi: (status: number, body: unknown) => unknown = (_s, b) => b): Promise<GatewayError> {
  const text = await res.body.text().catch(() => '');
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const retryAfter = res.headers['retry-after'];
  return upstreamFailure(res.statusCode, toOpenAi(res.statusCode, body), typeof retryAfter === 'string' ? retryAfter : undefined);
}
