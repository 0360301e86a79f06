import type { FastifyReply, FastifyRequest } from 'fastify';
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

export function callContext(req: FastifyRequest & { user?: Principal }, reply: FastifyReply): CallContext {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return { principal: req.user as Principal, requestId: String(req.id), startedAt: Date.now(), signal: controller.signal };
}
