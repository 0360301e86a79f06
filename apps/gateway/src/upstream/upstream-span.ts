import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { tracingEnabled } from '@tollgate/server';
import { GatewayError } from '../errors/gateway.error';
import { GATEWAY_TRACER } from '../http/request-span';
import type { UpstreamCall } from './upstream-client';

const OPERATIONS: Record<string, string> = { '/chat/completions': 'chat', '/messages': 'chat', '/responses': 'chat', '/embeddings': 'embeddings' };

/**
 * A CLIENT span for one upstream attempt (each fallback is its own), child of the request's span,
 * and its W3C `traceparent` (plus `tracestate`) set in `headers` so the provider can continue the
 * trace. Null, and nothing added, when tracing is off.
 */
export function startAttemptSpan(call: UpstreamCall, origin: string, headers: Record<string, string>): Span | null {
  if (!tracingEnabled()) return null;
  const operation = OPERATIONS[call.path] ?? 'chat';
  const url = new URL(origin);
  const span = trace.getTracer(GATEWAY_TRACER).startSpan(`${operation} ${call.target.upstreamModel}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': 'POST',
      'server.address': url.hostname,
      'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      'url.path': call.path,
      'gen_ai.operation.name': operation,
      'gen_ai.provider.name': call.target.providerName,
      'gen_ai.request.model': call.target.upstreamModel,
      'tollgate.target_id': call.target.id,
    },
  });
  propagation.inject(trace.setSpan(context.active(), span), headers);
  return span;
}

/** The upstream answered: its status; the span ends when the response body is done (read, cut or destroyed). */
export function attemptAnswered(span: Span, status: number, body: NodeJS.EventEmitter): void {
  span.setAttribute('http.response.status_code', status);
  if (status >= 400) {
    span.setAttribute('error.type', String(status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  body.once('close', () => span.end());
}

/** The attempt failed before an answer (unreachable, timed out, refused address, cancelled). */
export function attemptFailed(span: Span, err: Error): void {
  span.setAttribute('error.type', err instanceof GatewayError ? err.code : err.name || 'Error');
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
  span.end();
}
