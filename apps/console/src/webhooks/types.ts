// /me/webhooks answers (docs/me-api.md, "Alerts (webhooks)"); snake_case like the rest of /me.

export const EVENT_TYPES = [
  { type: 'balance.low', label: 'Balance low' },
  { type: 'budget.threshold', label: 'Budget threshold reached' },
  { type: 'budget.exceeded', label: 'Budget exceeded' },
  { type: 'key.expiring', label: 'API key expiring' },
  { type: 'payment.credited', label: 'Payment credited' },
] as const;
export type EventType = (typeof EVENT_TYPES)[number]['type'];

export interface WebhookEndpoint {
  object: 'webhook_endpoint';
  id: string;
  url: string;
  description: string | null;
  event_types: EventType[];
  enabled: boolean;
  created_at: string;
  updated_at: string;
  secret_rotated_at: string | null;
}

export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  secret: string;
}

export interface WebhookDelivery {
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

export interface AlertSettings {
  balance_low_threshold_micros: number | null;
}
