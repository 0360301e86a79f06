import { Injectable } from '@nestjs/common';
import { MeAlertSettingsBody, MeWebhookCreateBody, MeWebhooksRequest, MeWebhooksResult, MeWebhookUpdateBody } from '@tollgate/contracts';
import { GatewayErrors } from '../errors/gateway.error';
import { BillingClient } from './billing-client';
import type { MeCaller } from './me-caller';
import {
  PublicAlertSettings,
  PublicWebhookDelivery,
  PublicWebhookEndpoint,
  PublicWebhookEndpointWithSecret,
  toPublicDelivery,
  toPublicEndpoint,
  webhooksRefusal,
} from './me-webhooks.mapper';
import { parseBody } from './parse-body';

type Op = MeWebhooksRequest extends infer R ? (R extends { op: infer O } ? Omit<Extract<MeWebhooksRequest, { op: O }>, 'tenantId' | 'actor'> : never) : never;

/** Who changed it, as billing records it. */
const actorOf = (caller: MeCaller): string => (caller.kind === 'session' ? `user:${caller.user.id}` : `key:${caller.principal.keyId}`);

/** /me/webhooks: the tenant's alert endpoints, kept by billing (billing.me.webhooks.v1); answers in snake_case. */
@Injectable()
export class MeWebhooksService {
  constructor(private readonly billing: BillingClient) {}

  async list(caller: MeCaller): Promise<{ object: 'list'; data: PublicWebhookEndpoint[] }> {
    const r = await this.run(caller, { op: 'list' });
    return { object: 'list', data: (r.endpoints ?? []).map(toPublicEndpoint) };
  }

  async create(caller: MeCaller, body: unknown): Promise<PublicWebhookEndpointWithSecret> {
    const b = parseBody(MeWebhookCreateBody, body);
    const r = await this.run(caller, { op: 'create', spec: { url: b.url, description: b.description, eventTypes: b.event_types, enabled: b.enabled } });
    return withSecret(r);
  }

  async update(caller: MeCaller, endpointId: string, body: unknown): Promise<PublicWebhookEndpoint> {
    const b = parseBody(MeWebhookUpdateBody, body);
    const r = await this.run(caller, {
      op: 'update',
      endpointId,
      patch: { url: b.url, description: b.description, eventTypes: b.event_types, enabled: b.enabled },
    });
    return toPublicEndpoint(r.endpoint!);
  }

  async remove(caller: MeCaller, endpointId: string): Promise<void> {
    await this.run(caller, { op: 'delete', endpointId });
  }

  async rotate(caller: MeCaller, endpointId: string): Promise<PublicWebhookEndpointWithSecret> {
    return withSecret(await this.run(caller, { op: 'rotate', endpointId }));
  }

  async test(caller: MeCaller, endpointId: string): Promise<PublicWebhookDelivery> {
    return toPublicDelivery((await this.run(caller, { op: 'test', endpointId })).delivery!);
  }

  async deliveries(caller: MeCaller, endpointId: string, limit: string | undefined): Promise<{ object: 'list'; data: PublicWebhookDelivery[] }> {
    const n = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 200) throw GatewayErrors.invalidRequest("'limit' must be an integer from 1 to 200.", { param: 'limit' });
    const r = await this.run(caller, { op: 'deliveries', endpointId, limit: n });
    return { object: 'list', data: (r.deliveries ?? []).map(toPublicDelivery) };
  }

  async settings(caller: MeCaller): Promise<PublicAlertSettings> {
    const r = await this.run(caller, { op: 'settings' });
    return { balance_low_threshold_micros: r.settings!.balanceLowThresholdMicros };
  }

  async putSettings(caller: MeCaller, body: unknown): Promise<PublicAlertSettings> {
    const b = parseBody(MeAlertSettingsBody, body);
    const r = await this.run(caller, { op: 'put_settings', balanceLowThresholdMicros: b.balance_low_threshold_micros });
    return { balance_low_threshold_micros: r.settings!.balanceLowThresholdMicros };
  }

  private async run(caller: MeCaller, op: Op): Promise<MeWebhooksResult> {
    const res = await this.billing.ask('meWebhooks', { ...op, tenantId: caller.tenantId, actor: actorOf(caller) } as MeWebhooksRequest);
    if (!res.ok) throw webhooksRefusal(res);
    return res.result;
  }
}

function withSecret(r: MeWebhooksResult): PublicWebhookEndpointWithSecret {
  return { ...toPublicEndpoint(r.endpoint!), secret: r.secret! };
}
