import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Subscription } from 'nats';
import type { MeWebhooksReply, MeWebhooksRequest, MeWebhooksResult } from '@tollgate/contracts';
import { Bus } from '@tollgate/messaging';
import { BillingError } from '../errors/billing.error';
import { AlertsError } from './alerts.error';
import { AlertsService } from './alerts.service';

const QUEUE = 'billing';

/** billing.me.webhooks.v1: /me/webhooks through the gateway; the tenant comes from the caller's credential. */
@Injectable()
export class AlertsResponder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AlertsResponder');
  private sub?: Subscription;

  constructor(
    private readonly bus: Bus,
    private readonly alerts: AlertsService,
  ) {}

  onApplicationBootstrap(): void {
    const onError = (err: unknown) => this.logger.error({ subject: 'meWebhooks', err: err instanceof Error ? err.message : String(err) }, 'billing request failed');
    this.sub = this.bus.respond('meWebhooks', QUEUE, (req) => this.answer(req), onError);
  }

  beforeApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }

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
