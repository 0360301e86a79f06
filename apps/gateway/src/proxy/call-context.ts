import type { ServerResponse } from 'node:http';
import type { Principal } from '@tollgate/contracts';
import type { ResolvedRoute } from '../catalog/catalog.service';
import { recordOf, RequestRecord } from '../hot/request-record';

/** One authenticated call on its way through the gateway. */
export interface CallContext {
  principal: Principal;
  requestId: string;
  startedAt: number;
  /** Aborted when the client goes away before the response is complete. */
  signal: AbortSignal;
  /** The request's access-log and metrics record, filled as the call learns (absent outside a served request). */
  record?: RequestRecord;
}

export type RoutedCall = CallContext & { route: ResolvedRoute; model: string; stream: boolean };

export function callContext(principal: Principal, requestId: string, res: ServerResponse): CallContext {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const record = recordOf(res.req);
  record?.caller(principal.tenantId, principal.keyId);
  // One clock per request: latency and time to first chunk count from its arrival.
  return { principal, requestId, startedAt: record?.startedAt ?? Date.now(), signal: controller.signal, record };
}
