import type { IncomingMessage } from 'node:http';
import type { Logger } from '@tollgate/config';
import { routeLabel } from './request-labels';
import type { RequestRecord } from './request-record';
import { callerRequestId } from './request-id';

/**
 * The access log: one JSON line per public request at its end, through the services' pino
 * logger (context `AccessLog`, message `request`, level info). Only what the record holds and
 * the request line's method: never a header value but a well-formed caller request id, never a
 * body, never the key (its id only).
 */
export class AccessLog {
  private readonly log: Logger;

  constructor(logger: Logger) {
    // No redaction pass: the fields are fixed (write, below) and none can hold a credential, while the
    // services' wildcard paths (`*.key`, ...) walked every field of every line (~2 % of the gateway's CPU under load).
    this.log = logger.child({ context: 'AccessLog' }, { redact: [] });
  }

  /** False when ACCESS_LOG=0 or LOG_LEVEL is above info: no line is built at all. */
  static enabled(logger: Logger, accessLog: boolean): boolean {
    return accessLog && logger.isLevelEnabled('info');
  }

  write(req: IncomingMessage, record: RequestRecord, status: number, latencyMs: number, aborted: boolean): void {
    this.log.info(
      {
        requestId: record.id,
        callerRequestId: callerRequestId(req.headers['x-request-id']) ?? null,
        tenantId: record.tenantId,
        keyId: record.keyId,
        method: req.method,
        route: routeLabel(record.route),
        status,
        latencyMs,
        ttftMs: record.ttftMs,
        model: record.model,
        provider: record.provider,
        stream: record.stream,
        tokensIn: record.tokensIn,
        tokensOut: record.tokensOut,
        estimated: record.estimated,
        costMicros: record.costMicros,
        refusal: record.refusal,
        aborted,
      },
      'request',
    );
  }
}
