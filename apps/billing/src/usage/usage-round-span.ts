import { ROOT_CONTEXT, SpanKind, trace, type Link } from '@opentelemetry/api';
import { Streams } from '@tollgate/contracts';
import { messageTraceContext } from '@tollgate/messaging';
import { inSpan, tracingEnabled } from '@tollgate/server';
import type { JsMsg } from 'nats';

/**
 * Books a round of usage messages in a CONSUMER span linked to each message's trace context (the
 * gateways' publish spans, from the W3C headers): links, not parents, since a round books many
 * messages from many requests. With tracing off: `book()` and nothing else.
 */
export function traceRound<T>(round: JsMsg[], book: () => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return book();
  const links: Link[] = [];
  for (const m of round) {
    const linked = m.headers ? trace.getSpanContext(messageTraceContext(m.headers)) : undefined;
    if (linked) links.push({ context: linked });
  }
  return inSpan(
    'tollgate-billing',
    `${Streams.usage.name} process`,
    {
      kind: SpanKind.CONSUMER,
      links,
      parent: ROOT_CONTEXT,
      attributes: {
        'messaging.system': 'nats',
        'messaging.destination.name': Streams.usage.subjects,
        'messaging.operation.type': 'process',
        'messaging.batch.message_count': round.length,
      },
    },
    book,
  );
}
