import type { ServerResponse } from 'node:http';
import type { Principal } from '@tollgate/contracts';
import type { ResolvedRoute } from '../catalog/catalog.service';
import type { AdmittedCaller, RouteScope } from '../edge/admission.service';
import { recordOf, RequestRecord } from './request-record';

/** One authenticated call on its way through the gateway; admitted (AdmissionService.admit) by its handler once it knows its hold. */
export interface CallContext extends AdmittedCaller {
  /** The scope the call's route declared (http/public-routes.ts). */
  scope: RouteScope | null;
  startedAt: number;
  /** Aborted when the client goes away before the response is complete. */
  signal: AbortSignal;
  /** The request's access-log and metrics record, filled as the call learns (absent outside a served request). */
  record?: RequestRecord;
}

export type RoutedCall = CallContext & { route: ResolvedRoute; model: string; stream: boolean };

export function callContext(principal: Principal, requestId: string, res: ServerResponse, scope: RouteScope | null): CallContext {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const record = recordOf(res.req);
  record?.caller(principal.tenantId, principal.keyId);
  // One clock per request: latency and time to first chunk count from its arrival.
  return { principal, requestId, scope, startedAt: record?.startedAt ?? Date.now(), signal: controller.signal, record };
}
