import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  type TenantId,
  AlertRaised,
  AlertSettingsView,
  WEBHOOK_ENDPOINTS_MAX,
  WebhookDeliveryView,
  WebhookEndpointPatch,
  WebhookEndpointSpec,
  WebhookEndpointView,
} from '@tollgate/contracts';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { AlertsErrors } from './alerts.error';
import { deliveryView, endpointView } from './alerts.views';
import { DeliveriesRepository } from './deliveries.repository';
import { EndpointChange, EndpointsRepository } from './endpoints.repository';
import { newSigningSecret } from './signing';
import { webhookUrlProblem } from './webhook-address';
import { SecretBox } from '@tollgate/server';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An endpoint with its signing secret: the one moment the secret is shown (create, rotate). */
export interface EndpointWithSecret {
  endpoint: WebhookEndpointView;
  secret: string;
}

/**
 * Tenants' webhook endpoints, their delivery logs and alert settings, and the alerts raised for
 * them. Every method takes the tenant id (from the admin path or the /me caller's credential).
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger('Alerts');
  private readonly box?: SecretBox;

  constructor(
    private readonly endpoints: EndpointsRepository,
    private readonly deliveries: DeliveriesRepository,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {
    if (config.WEBHOOK_SECRET_KEY) this.box = new SecretBox(config.WEBHOOK_SECRET_KEY, 'webhooks');
  }

  async list(tenantId: TenantId): Promise<WebhookEndpointView[]> {
    return (await this.endpoints.list(tenantId)).map(endpointView);
  }

  async get(tenantId: TenantId, id: string): Promise<WebhookEndpointView> {
    return endpointView(await this.owned(tenantId, id));
  }

  async create(tenantId: TenantId, actor: string, spec: WebhookEndpointSpec): Promise<EndpointWithSecret> {
    const box = this.sealer();
    this.checkUrl(spec.url);
    if ((await this.endpoints.count(tenantId)) >= WEBHOOK_ENDPOINTS_MAX) throw AlertsErrors.tooMany(WEBHOOK_ENDPOINTS_MAX);
    const secret = newSigningSecret();
    const row = await this.endpoints.create(tenantId, {
      id: randomUUID(),
      url: spec.url,
      description: spec.description ?? null,
      eventTypes: [...new Set(spec.eventTypes)],
      enabled: spec.enabled ?? true,
      secretSealed: box.seal(secret),
      actor,
    });
    this.logger.log({ tenantId, endpointId: row.id, actor, eventTypes: row.eventTypes }, 'webhook endpoint created');
    return { endpoint: endpointView(row), secret };
  }

  async update(tenantId: TenantId, actor: string, id: string, patch: WebhookEndpointPatch): Promise<WebhookEndpointView> {
    if (patch.url !== undefined) this.checkUrl(patch.url);
    const change: EndpointChange = {
      url: patch.url,
      description: patch.description,
      eventTypes: patch.eventTypes ? [...new Set(patch.eventTypes)] : undefined,
      enabled: patch.enabled,
    };
    const row = UUID.test(id) ? await this.endpoints.update(tenantId, id, actor, change) : null;
    if (!row) throw AlertsErrors.endpointNotFound();
    this.logger.log({ tenantId, endpointId: id, actor }, 'webhook endpoint updated');
    return endpointView(row);
  }

  async remove(tenantId: TenantId, actor: string, id: string): Promise<void> {
    if (!UUID.test(id) || !(await this.endpoints.remove(tenantId, id))) throw AlertsErrors.endpointNotFound();
    this.logger.log({ tenantId, endpointId: id, actor }, 'webhook endpoint deleted');
  }

  /** A new secret at once: the old one signs nothing more (pending deliveries are signed with the new one). */
  async rotate(tenantId: TenantId, actor: string, id: string): Promise<EndpointWithSecret> {
    const box = this.sealer();
    await this.owned(tenantId, id);
    const secret = newSigningSecret();
    const row = await this.endpoints.update(tenantId, id, actor, { secretSealed: box.seal(secret), secretRotatedAt: new Date() });
    if (!row) throw AlertsErrors.endpointNotFound();
    this.logger.log({ tenantId, endpointId: id, actor }, 'webhook secret rotated');
    return { endpoint: endpointView(row), secret };
  }

  /** Queues a `webhook.test` event for the endpoint, delivered like an alert (even while the endpoint is disabled, to try it first). */
  async test(tenantId: TenantId, actor: string, id: string): Promise<WebhookDeliveryView> {
    await this.owned(tenantId, id);
    const row = await this.deliveries.test(tenantId, id, { message: 'This is a test event from Tollgate.', requestedBy: actor });
    return deliveryView(row);
  }

  async deliveryLog(tenantId: TenantId, id: string, limit: number): Promise<WebhookDeliveryView[]> {
    await this.owned(tenantId, id);
    return (await this.deliveries.list(tenantId, id, Math.min(Math.max(limit, 1), 200))).map(deliveryView);
  }

  async settings(tenantId: TenantId): Promise<AlertSettingsView> {
    const t = await this.endpoints.threshold(tenantId);
    return { balanceLowThresholdMicros: t === null ? null : Number(t) };
  }

  async putSettings(tenantId: TenantId, actor: string, thresholdMicros: number | null): Promise<AlertSettingsView> {
    if (thresholdMicros !== null && (!Number.isSafeInteger(thresholdMicros) || thresholdMicros < 0)) {
      throw AlertsErrors.invalid('balanceLowThresholdMicros', 'must be a non-negative integer of micro-units, or null');
    }
    await this.endpoints.setThreshold(tenantId, actor, thresholdMicros === null ? null : BigInt(thresholdMicros));
    this.logger.log({ tenantId, actor, thresholdMicros }, 'balance-low threshold set');
    return this.settings(tenantId);
  }

  /** An alert from another service (NATS): recorded and queued once per (tenant, dedupe key). */
  raise(alert: AlertRaised): Promise<boolean> {
    return this.deliveries.raise(alert);
  }

  private async owned(tenantId: TenantId, id: string) {
    const row = UUID.test(id) ? await this.endpoints.find(tenantId, id) : null;
    if (!row) throw AlertsErrors.endpointNotFound();
    return row;
  }

  private checkUrl(url: string): void {
    const problem = webhookUrlProblem(url, this.config.ALLOW_PRIVATE_WEBHOOKS);
    if (problem) throw AlertsErrors.invalid('url', problem);
  }

  private sealer(): SecretBox {
    if (!this.box) throw AlertsErrors.noSecretKey();
    return this.box;
  }
}
