import { Injectable } from '@nestjs/common';
import { PortalMeActor, PortalMeOp, PortalMeReply, PortalMeRequest, PortalMeResult, PortalMeResults } from '@tollgate/contracts';
import { Bus, BusError } from '@tollgate/messaging';
import { GatewayError, GatewayErrorCode, GatewayErrors } from '../errors/gateway.error';
import type { MeCaller } from './me-caller';

/** auth.portal.me.v1's refusals as the gateway answers them: the one place they are mapped. */
const ERROR_CODES = {
  not_found: 'not_found',
  invalid_request: 'invalid_request',
  forbidden: 'missing_scope',
  conflict: 'conflict',
  weak_password: 'weak_password',
} as const satisfies Record<Extract<PortalMeReply, { ok: false }>['code'], GatewayErrorCode>;

export const sessionRequired = () =>
  new GatewayError({
    code: 'session_required',
    message: 'This endpoint is for a signed-in console user; API keys cannot use it. Sign in at /console instead.',
  });

/** The signed-in user as auth.portal.me.v1 names it (MeSessionOnly routes refuse keys before this). */
export function portalActorOf(caller: MeCaller): Required<PortalMeActor> {
  if (caller.kind !== 'session') throw sessionRequired();
  return { tenantId: caller.tenantId, userId: caller.user.id, sessionId: caller.sessionId };
}

/** The gateway's side of auth.portal.me.v1: each op's result checked against its contract schema. */
@Injectable()
export class MePortalClient {
  constructor(private readonly bus: Bus) {}

  async run<O extends PortalMeOp>(req: Extract<PortalMeRequest, { op: O }>): Promise<PortalMeResult<O>> {
    let res: PortalMeReply;
    try {
      res = await this.bus.request('portalMe', req, 5000);
    } catch (err) {
      if (err instanceof BusError) throw GatewayErrors.authUnavailable();
      throw err;
    }
    if (!res.ok) throw new GatewayError({ code: ERROR_CODES[res.code], message: res.message, param: res.param });
    return PortalMeResults[req.op].parse(res.result) as PortalMeResult<O>;
  }
}
