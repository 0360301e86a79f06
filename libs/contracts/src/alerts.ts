import { z } from 'zod';
import { TenantId } from './tenant-id';

/**
 * tenants.alerts.raised.v1: something a tenant's webhook endpoints may be told about. Billing
 * consumes it (it owns the endpoints and deliveries) and delivers each dedupeKey at most once.
 *
 * Transport: a JetStream stream (Streams.alerts, subjects `tenants.alerts.>`) so that an alert
 * raised while billing is away is delivered when it comes back. Publishers call
 * `ensureAlertsStream(bus)` once at boot, then
 * `bus.publishDurable('alertRaised', alert, alert.dedupeKey)`: JetStream drops a repeat within its
 * duplicate window and billing drops any later repeat by (tenantId, dedupeKey).
 */
export const ALERT_RAISED_SUBJECT = 'tenants.alerts.raised.v1';

export const ALERT_TYPES = ['balance.low', 'budget.threshold', 'budget.exceeded', 'key.expiring', 'payment.credited'] as const;
export const AlertType = z.enum(ALERT_TYPES);
export type AlertType = z.infer<typeof AlertType>;

/** Longest dedupeKey (it is also the JetStream msgID). */
export const ALERT_DEDUPE_KEY_MAX = 200;

/**
 * One alert. `dedupeKey` names the occurrence (the same crossing, the same key expiry, the same
 * payment), not the message: publish it again and it is still delivered once.
 *
 * `data` by type (what a webhook receiver gets as `data`):
 * - balance.low: `{ balanceMicros, thresholdMicros }`
 * - budget.threshold / budget.exceeded: `{ scope: 'key'|'tenant', keyId?, budgetMicros, spentMicros,
 *   period, periodStart, periodEnd, percent? }`
 * - key.expiring: `{ keyId, label, expiresAt }`
 * - payment.credited: `{ provider, paymentId, amountMicros, balanceMicros }`
 * Money in integer micro-units (numbers, as on the rest of the wire).
 */
export const AlertRaised = z.object({
  tenantId: TenantId,
  type: AlertType,
  occurredAt: z.string().datetime(),
  dedupeKey: z.string().min(1).max(ALERT_DEDUPE_KEY_MAX),
  data: z.record(z.string(), z.json()),
});
/** As a sender builds it (a tenant id is a plain string; parsed, it is a TenantId). */
export type AlertRaised = z.input<typeof AlertRaised>;

/** Most endpoints one tenant may register. */
export const WEBHOOK_ENDPOINTS_MAX = 10;

/** A webhook endpoint as billing shows it (never its secret, which is shown once at create and rotate). */
export const WebhookEndpointView = z.object({
  id: z.string().uuid(),
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(AlertType),
  enabled: z.boolean(),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
  secretRotatedAt: z.string().datetime().nullable(),
});
export type WebhookEndpointView = z.infer<typeof WebhookEndpointView>;

export const WebhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
/** One alert (or test event) for one endpoint: the delivery log's line. */
export const WebhookDeliveryView = z.object({
  id: z.string().uuid(),
  endpointId: z.string().uuid(),
  type: z.string(),
  status: WebhookDeliveryStatus,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastAttemptAt: z.string().datetime().nullable(),
  nextAttemptAt: z.string().datetime().nullable(),
  deliveredAt: z.string().datetime().nullable(),
  createdAt: z.string().datetime(),
});
export type WebhookDeliveryView = z.infer<typeof WebhookDeliveryView>;

export const AlertSettingsView = z.object({ balanceLowThresholdMicros: z.number().int().nullable() });
export type AlertSettingsView = z.infer<typeof AlertSettingsView>;

export const WebhookEndpointSpec = z.object({
  url: z.string().min(1).max(2000),
  description: z.string().max(200).nullable().optional(),
  eventTypes: z.array(AlertType).min(1).max(ALERT_TYPES.length),
  enabled: z.boolean().optional(),
});
export type WebhookEndpointSpec = z.infer<typeof WebhookEndpointSpec>;
export const WebhookEndpointPatch = WebhookEndpointSpec.partial();
export type WebhookEndpointPatch = z.infer<typeof WebhookEndpointPatch>;

const Tenant = TenantId;
/** Who changed it (`key:<id>`, `user:<id>` or an admin actor), recorded on the row. */
const Actor = z.string().max(300);
const EndpointId = z.string().max(100);

/** billing.me.webhooks.v1: a tenant's endpoints, deliveries and alert settings (the tenant from the caller's credential). */
export const MeWebhooksRequest = z.discriminatedUnion('op', [
  z.object({ op: z.literal('list'), tenantId: Tenant }),
  z.object({ op: z.literal('create'), tenantId: Tenant, actor: Actor, spec: WebhookEndpointSpec }),
  z.object({ op: z.literal('update'), tenantId: Tenant, actor: Actor, endpointId: EndpointId, patch: WebhookEndpointPatch }),
  z.object({ op: z.literal('delete'), tenantId: Tenant, actor: Actor, endpointId: EndpointId }),
  z.object({ op: z.literal('rotate'), tenantId: Tenant, actor: Actor, endpointId: EndpointId }),
  z.object({ op: z.literal('test'), tenantId: Tenant, actor: Actor, endpointId: EndpointId }),
  z.object({ op: z.literal('deliveries'), tenantId: Tenant, endpointId: EndpointId, limit: z.number().int().min(1).max(200) }),
  z.object({ op: z.literal('settings'), tenantId: Tenant }),
  z.object({
    op: z.literal('put_settings'),
    tenantId: Tenant,
    actor: Actor,
    balanceLowThresholdMicros: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
  }),
]);
export type MeWebhooksRequest = z.infer<typeof MeWebhooksRequest>;

/** What an op answers: the fields it concerns. `secret` only from create and rotate. */
export const MeWebhooksResult = z.object({
  endpoints: z.array(WebhookEndpointView).optional(),
  endpoint: WebhookEndpointView.optional(),
  secret: z.string().optional(),
  deliveries: z.array(WebhookDeliveryView).optional(),
  delivery: WebhookDeliveryView.optional(),
  settings: AlertSettingsView.optional(),
});
export type MeWebhooksResult = z.infer<typeof MeWebhooksResult>;

/** not_found: no such endpoint for this tenant; invalid_request: `param` names the field; unavailable: no WEBHOOK_SECRET_KEY. */
export const MeWebhooksReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: MeWebhooksResult }),
  z.object({
    ok: z.literal(false),
    code: z.enum(['not_found', 'invalid_request', 'conflict', 'unavailable']),
    message: z.string(),
    param: z.string().nullable(),
  }),
]);
export type MeWebhooksReply = z.infer<typeof MeWebhooksReply>;

/** POST /me/webhooks body (snake_case, strict). */
export const MeWebhookCreateBody = z.strictObject({
  url: z.string().min(1).max(2000),
  description: z.string().max(200).nullable().optional(),
  event_types: z.array(AlertType).min(1).max(ALERT_TYPES.length),
  enabled: z.boolean().optional(),
});
/** PATCH /me/webhooks/{id} body: the fields to change. */
export const MeWebhookUpdateBody = MeWebhookCreateBody.partial();
/** PUT /me/webhooks/settings body: null turns balance.low off. */
export const MeAlertSettingsBody = z.strictObject({
  balance_low_threshold_micros: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
});
