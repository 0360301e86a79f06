import { context, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { callerContext, tracingEnabled } from '@tollgate/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { routeLabel } from './request-labels';
import type { RequestRecord } from './request-record';

/** The instrumentation scope of the gateway's spans. */
export const GATEWAY_TRACER = 'tollgate-gateway';

/**
 * Runs a public request's handler. With tracing on, inside a SERVER span whose parent is the
 * caller's W3C trace context (traceparent/tracestate, when sent): everything the request does
 * (key verification over NATS, upstream attempts) is a child of it. With tracing off this is one
 * flag read and the plain call: no context, no span.
 */
export function runTraced(
  req: IncomingMessage,
  res: ServerResponse,
  record: RequestRecord,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): void {
  if (!tracingEnabled()) return handler(req, res);
  const parent = callerContext(req.headers);
  const method = req.method ?? 'GET';
  const span = trace.getTracer(GATEWAY_TRACER).startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
  record.span = span;
  const ctx = trace.setSpan(parent, span);
  // The body arrives in 'data' events emitted from the socket's context: bind them to the request's.
  context.bind(ctx, req);
  context.bind(ctx, res);
  context.with(ctx, handler, undefined, req, res);
}

/**
 * Ends the request's span (if it has one) with what the record learnt: named `<METHOD> <route
 * template>`, the status, the tenant, the model and provider that served it, the tokens, and
 * `error.type` (the refusal code, else the status) for a failed request.
 */
export function endRequestSpan(record: RequestRecord, method: string, status: number): void {
  const span = record.span;
  if (!span) return;
  record.span = null;
  const route = routeLabel(record.route);
  span.updateName(`${method} ${route}`);
  const attributes: Attributes = { 'http.route': route, 'http.response.status_code': status, 'tollgate.request_id': record.id };
  if (record.tenantId) attributes['tollgate.tenant_id'] = record.tenantId;
  if (record.model) attributes['gen_ai.request.model'] = record.model;
  if (record.provider) attributes['gen_ai.provider.name'] = record.provider;
  if (record.metered) {
    attributes['gen_ai.usage.input_tokens'] = record.tokensIn;
    attributes['gen_ai.usage.output_tokens'] = record.tokensOut;
  }
  if (status >= 400) attributes['error.type'] = record.refusal ?? String(status);
  span.setAttributes(attributes);
  // A server span is an error for 5xx only (OpenTelemetry HTTP conventions): a 4xx is the caller's.
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
