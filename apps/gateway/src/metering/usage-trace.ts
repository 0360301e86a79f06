import { ROOT_CONTEXT, SpanKind, trace, type Context, type Span, type SpanContext } from '@opentelemetry/api';
import { Subjects } from '@tollgate/contracts';
import { tracingEnabled } from '@tollgate/server';
import { GATEWAY_TRACER } from '../http/request-span';

/** The span of the call whose usage is being recorded (the request's, active while it finishes); undefined with tracing off. */
export function callSpanContext(): SpanContext | undefined {
  return tracingEnabled() ? trace.getActiveSpan()?.spanContext() : undefined;
}

/**
 * A usage message carries many calls: a PRODUCER span per message, linked to each call's span
 * (links, not parents: the message belongs to no single request), whose context goes in the
 * message's W3C headers for billing to link its booking round to. Null when no call was traced.
 */
export function startPublishSpan(calls: (SpanContext | undefined)[]): Span | null {
  const links = calls.filter((c): c is SpanContext => c !== undefined).map((c) => ({ context: c }));
  if (!links.length || !tracingEnabled()) return null;
  return trace.getTracer(GATEWAY_TRACER).startSpan(
    `${Subjects.usageBatch} publish`,
    {
      kind: SpanKind.PRODUCER,
      links,
      attributes: {
        'messaging.system': 'nats',
        'messaging.destination.name': Subjects.usageBatch,
        'messaging.operation.type': 'send',
        'messaging.batch.message_count': links.length,
      },
    },
    ROOT_CONTEXT,
  );
}

/** The context a usage message is published in: its span's, or none. */
export function publishContext(span: Span | null): Context {
  return span ? trace.setSpan(ROOT_CONTEXT, span) : ROOT_CONTEXT;
}
