import { Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessLog } from './access-log';
import type { GatewayMetrics } from './gateway-metrics';
import { statusOf } from './request-labels';
import { recordOf, RequestRecord } from './request-record';
import { endRequestSpan } from './request-span';

/** What HotServer calls once per public request, when its response closes (sent, failed or cut). */
export type RequestEnd = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The one place a public request is accounted for at its end: the metrics observation and the
 * access-log line (null when ACCESS_LOG=0 or the log level hides it). Status, latency and whether
 * the response was cut are taken when it closes; the line waits for a metered call still
 * running (a client gone mid-stream) to have its tokens and cost. Never throws: a failure here
 * is logged once and the request left uncounted rather than the process brought down.
 */
export function requestEnd(metrics: GatewayMetrics, accessLog: AccessLog | null): RequestEnd {
  let failed = false;
  const account = (req: IncomingMessage, record: RequestRecord, status: number, latencyMs: number, aborted: boolean): void => {
    try {
      record.settleFramework();
      endRequestSpan(record, req.method ?? '', status);
      metrics.observe(record, req.method ?? '', status, latencyMs);
      accessLog?.write(req, record, status, latencyMs, aborted);
    } catch (err) {
      if (failed) return;
      failed = true;
      new Logger('RequestEnd').error(
        { requestId: record.id, err: err instanceof Error ? err.message : String(err) },
        'request accounting failed (logged once)',
      );
    }
  };
  return (req, res) => {
    const record = recordOf(req);
    if (!record) return;
    const status = statusOf(res);
    const latencyMs = Date.now() - record.startedAt;
    const aborted = !res.writableFinished;
    if (record.metering) record.afterMetering(() => account(req, record, status, latencyMs, aborted));
    else account(req, record, status, latencyMs, aborted);
  };
}
