import { SpanKind, trace } from '@opentelemetry/api';
import { installTestTracing, stopTracing, tracingEnabled } from '@tollgate/server';
import type { AddressInfo } from 'node:net';
import { get, IncomingMessage, Server, ServerResponse } from 'node:http';
import { HotServer } from './hot-server';
import { statusOf } from './request-labels';
import { recordOf } from './request-record';
import { endRequestSpan } from './request-span';

interface Seen {
  activeSpan: boolean;
  recordSpan: boolean;
}

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** GET `url` on a connection of its own (no keep-alive pool outliving the test), sending a caller traceparent. */
function call(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers: { traceparent: TRACEPARENT } }, (res) => res.resume().once('end', resolve)).once('error', reject);
  });
}

/** A HotServer whose fallback notes what the handler saw, and which ends the span as request-end does. */
async function serve(): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const hot = new HotServer((req, res) => endRequestSpan(recordOf(req)!, req.method ?? '', statusOf(res)));
  const server = hot.factory((req: IncomingMessage, res: ServerResponse) => {
    const record = recordOf(req)!;
    record.caller('tenant-1', 'key-1');
    seen.push({ activeSpan: trace.getActiveSpan() !== undefined, recordSpan: record.span !== null });
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('the request span', () => {
  let server: Server;
  afterEach(async () => {
    await stopTracing();
    await new Promise((resolve) => server.close(resolve));
  });

  it('with tracing off: no span is made or active on the request path, even when the caller sends a traceparent', async () => {
    const s = await serve();
    server = s.server;
    expect(tracingEnabled()).toBe(false);
    await call(`${s.url}/v1/nothing`);
    expect(s.seen).toEqual([{ activeSpan: false, recordSpan: false }]);
  });

  it('with tracing on: a SERVER span, child of the caller traceparent, active in the handler, ended with the status and tenant', async () => {
    const exporter = installTestTracing();
    const s = await serve();
    server = s.server;
    await call(`${s.url}/v1/nothing`);
    expect(s.seen).toEqual([{ activeSpan: true, recordSpan: true }]);
    const [span] = exporter.getFinishedSpans();
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.name).toBe('GET unmatched');
    expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span.attributes).toMatchObject({ 'http.response.status_code': 404, 'tollgate.tenant_id': 'tenant-1', 'error.type': '404' });
  });
});
