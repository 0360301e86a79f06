import type { AlertType, WebhookDeliveryView, WebhookEndpointView } from '@tollgate/contracts';
import type { DeliveryRow } from './deliveries.repository';
import type { EndpointRow } from './endpoints.repository';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function endpointView(e: EndpointRow): WebhookEndpointView {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes as AlertType[],
    enabled: e.enabled,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    secretRotatedAt: iso(e.secretRotatedAt),
  };
}

export function deliveryView(d: DeliveryRow): WebhookDeliveryView {
  return {
    id: d.id,
    endpointId: d.endpointId,
    type: d.type,
    status: d.status as WebhookDeliveryView['status'],
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    lastAttemptAt: iso(d.lastAttemptAt),
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    deliveredAt: iso(d.deliveredAt),
    createdAt: d.createdAt.toISOString(),
  };
}
