import { Injectable } from '@nestjs/common';
import type { HandledRequestOf, MeWebhooksReply, MeWebhooksResult } from '@tollgate/contracts';
import { BillingError } from '../errors/billing.error';
import { AlertsError } from './alerts.error';
import { AlertsService } from './alerts.service';

/** billing.me.webhooks.v1 as it arrives, parsed (its tenant id a TenantId). */
type MeWebhooksRequest = HandledRequestOf<'meWebhooks'>;

/** /me/webhooks through the gateway: one op on the caller's tenant (from its credential), domain errors as the reply's codes. */
@Injectable()
export class MeWebhooksService {
  constructor(private readonly alerts: AlertsService) {}

  async answer(req: MeWebhooksRequest): Promise<MeWebhooksReply> {
    try {
      return { ok: true, result: await this.run(req) };
    } catch (err) {
      if (!(err instanceof BillingError) || err.code === 'bad_signature' || err.code === 'bad_payload') throw err;
      const code = err.code === 'not_found' || err.code === 'unavailable' ? err.code : err.code === 'invalid_request' ? 'invalid_request' : 'conflict';
      return { ok: false, code, message: err.message, param: err instanceof AlertsError ? err.param : null };
    }
  }

  private async run(req: MeWebhooksRequest): Promise<MeWebhooksResult> {
    const a = this.alerts;
    switch (req.op) {
      case 'list':
        return { endpoints: await a.list(req.tenantId), settings: await a.settings(req.tenantId) };
      case 'create':
        return a.create(req.tenantId, req.actor, req.spec);
      case 'update':
        return { endpoint: await a.update(req.tenantId, req.actor, req.endpointId, req.patch) };
      case 'delete':
        await a.remove(req.tenantId, req.actor, req.endpointId);
        return {};
      case 'rotate':
        return a.rotate(req.tenantId, req.actor, req.endpointId);
      case 'test':
        return { delivery: await a.test(req.tenantId, req.actor, req.endpointId) };
      case 'deliveries':
        return { deliveries: await a.deliveryLog(req.tenantId, req.endpointId, req.limit) };
      case 'settings':
        return { settings: await a.settings(req.tenantId) };
      case 'put_settings':
        return { settings: await a.putSettings(req.tenantId, req.actor, req.balanceLowThresholdMicros) };
    }
  }
}
