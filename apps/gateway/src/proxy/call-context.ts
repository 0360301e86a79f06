import type { ServerResponse } from 'node:http';
import type { Principal } from '@tollgate/contracts';
import type { ResolvedRoute } from '../catalog/catalog.service';

/** One authenticated call on its way through the gateway. */
export interface CallContext {
  principal: Principal;
  requestId: string;
  startedAt: number;
  /** Aborted when the client goes away before the response is complete. */
  signal: AbortSignal;
}

export type RoutedCall = CallContext & { route: ResolvedRoute; model: string; stream: boolean };

export function callContext(principal: Principal, requestId: string, res: ServerResponse): CallContext {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return { principal, requestId, startedAt: Date.now(), signal: controller.signal };
}
