import type { MeWebhooksReply, WebhookDeliveryView, WebhookEndpointView } from '@tollgate/contracts';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';

/** A webhook endpoint on the wire (snake_case); never its secret. */
export interface PublicWebhookEndpoint {
  object: 'webhook_endpoint';
  id: string;
  url: string;
  description: string | null;
  event_types: string[];
  enabled: boolean;
  created_at: string;
  updated_at: string;
  secret_rotated_at: string | null;
}

/** Create and rotate: the endpoint and its signing secret, shown this once. */
export interface PublicWebhookEndpointWithSecret extends PublicWebhookEndpoint {
  secret: string;
}

export interface PublicWebhookDelivery {
  object: 'webhook_delivery';
  id: string;
  endpoint_id: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
}

export interface PublicAlertSettings {
  balance_low_threshold_micros: number | null;
}

export function toPublicEndpoint(e: WebhookEndpointView): PublicWebhookEndpoint {
  return {
    object: 'webhook_endpoint',
    id: e.id,
    url: e.url,
    description: e.description,
    event_types: e.eventTypes,
    enabled: e.enabled,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
    secret_rotated_at: e.secretRotatedAt,
  };
}

export function toPublicDelivery(d: WebhookDeliveryView): PublicWebhookDelivery {
  return {
    object: 'webhook_delivery',
    id: d.id,
    endpoint_id: d.endpointId,
    type: d.type,
    status: d.status,
    attempts: d.attempts,
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    last_attempt_at: d.lastAttemptAt,
    next_attempt_at: d.nextAttemptAt,
    delivered_at: d.deliveredAt,
    created_at: d.createdAt,
  };
}

/** Billing's refusal as the gateway's error (400 naming the field, 404, 409, 503). */
export function webhooksRefusal(r: Extract<MeWebhooksReply, { ok: false }>): GatewayError {
  const param = r.param ? snake(r.param) : null;
  const message = param && r.param ? r.message.replace(`'${r.param}'`, `'${param}'`) : r.message;
  switch (r.code) {
    case 'not_found':
      return GatewayErrors.notFound(message);
    case 'invalid_request':
      return GatewayErrors.invalidRequest(message, { param });
    case 'conflict':
      return GatewayErrors.conflict(message, { param });
    case 'unavailable':
      return GatewayErrors.billingUnavailable(message);
  }
}

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
