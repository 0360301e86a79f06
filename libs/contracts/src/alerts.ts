import { z } from 'zod';

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
  tenantId: z.string().uuid(),
  type: AlertType,
  occurredAt: z.string().datetime(),
  dedupeKey: z.string().min(1).max(ALERT_DEDUPE_KEY_MAX),
  data: z.record(z.string(), z.json()),
});
export type AlertRaised = z.infer<typeof AlertRaised>;
