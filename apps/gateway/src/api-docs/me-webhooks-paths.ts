import { z } from 'zod';
import { ALERT_TYPES, MeAlertSettingsBody, MeWebhookCreateBody, MeWebhookUpdateBody } from '@tollgate/contracts';
import { body, json, noContent, Operation, Paths, pathParam, query, Security } from './openapi-types';

/** /me/webhooks answers, mirroring me-webhooks.mapper.ts field by field. */
const At = z.string().datetime();
const Endpoint = z.object({
  object: z.literal('webhook_endpoint'),
  id: z.string().uuid(),
  url: z.string(),
  description: z.string().nullable(),
  event_types: z.array(z.enum(ALERT_TYPES)),
  enabled: z.boolean(),
  created_at: At,
  updated_at: At,
  secret_rotated_at: At.nullable(),
});
const EndpointWithSecret = Endpoint.extend({
  secret: z
    .string()
    .meta({ description: 'The Standard Webhooks signing secret (`whsec_…`), shown only in this answer.', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
});
const Delivery = z.object({
  object: z.literal('webhook_delivery'),
  id: z.string().uuid().meta({ description: 'Also the `webhook-id` header of every attempt.' }),
  endpoint_id: z.string().uuid(),
  type: z.string().meta({ example: 'balance.low' }),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  last_attempt_at: At.nullable(),
  next_attempt_at: At.nullable(),
  delivered_at: At.nullable(),
  created_at: At,
});
const Settings = z.object({
  balance_low_threshold_micros: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'balance.low fires when the balance crosses below this (micro-units); null: off.' }),
});
const list = <T extends z.ZodType>(item: T) => z.object({ object: z.literal('list'), data: z.array(item) });

type Op = (summary: string, scope: string | null, rest: Omit<Operation, 'summary' | 'tags'> & { tag: string }) => Operation;
type Errors = (...codes: string[]) => Record<string, unknown>;

const ID = pathParam('endpointId', 'The webhook endpoint id.');
const SIGNED =
  'Deliveries are POSTs of `{type, timestamp, data}` signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried with backoff for up to 24 h.';

/** The /me/webhooks routes (docs/me-api.md, "Alerts (webhooks)"), built with me-paths.ts's helpers. */
export function meWebhookPaths(op: Op, errors: Errors, write: Security): Paths {
  const w = { tag: 'billing', security: write };
  return {
    '/me/webhooks': {
      get: op('Alert webhook endpoints', 'billing:read', { tag: 'billing', description: SIGNED, responses: { '200': json(list(Endpoint)) } }),
      post: op('Add an endpoint (its signing secret is shown once)', 'billing:write', {
        ...w,
        requestBody: body(MeWebhookCreateBody, {
          url: 'https://example.com/hooks/tollgate',
          event_types: ['balance.low', 'payment.credited'],
          description: 'Ops',
        }),
        responses: { '201': json(EndpointWithSecret, undefined, 'Created'), ...errors('400') },
      }),
    },
    '/me/webhooks/settings': {
      get: op('Alert settings', 'billing:read', { tag: 'billing', responses: { '200': json(Settings) } }),
      put: op('Set the balance-low threshold', 'billing:write', {
        ...w,
        requestBody: body(MeAlertSettingsBody, { balance_low_threshold_micros: 5_000_000 }),
        responses: { '200': json(Settings), ...errors('400') },
      }),
    },
    '/me/webhooks/{endpointId}': {
      patch: op('Change an endpoint (url, description, event types, enabled)', 'billing:write', {
        ...w,
        parameters: [ID],
        requestBody: body(MeWebhookUpdateBody, { enabled: false }),
        responses: { '200': json(Endpoint), ...errors('400', '404') },
      }),
      delete: op('Delete an endpoint and its delivery log', 'billing:write', { ...w, parameters: [ID], responses: { '204': noContent, ...errors('404') } }),
    },
    '/me/webhooks/{endpointId}/rotate-secret': {
      post: op('A new signing secret (the old one stops at once; shown once)', 'billing:write', {
        ...w,
        parameters: [ID],
        responses: { '200': json(EndpointWithSecret), ...errors('404') },
      }),
    },
    '/me/webhooks/{endpointId}/test': {
      post: op('Send a test event (`webhook.test`)', 'billing:write', {
        ...w,
        parameters: [ID],
        responses: { '202': json(Delivery, undefined, 'Queued'), ...errors('404') },
      }),
    },
    '/me/webhooks/{endpointId}/deliveries': {
      get: op('Delivery log, newest first', 'billing:read', {
        tag: 'billing',
        parameters: [ID, query('limit', '1–200, default 50.', { type: 'integer', minimum: 1, maximum: 200 })],
        responses: { '200': json(list(Delivery)), ...errors('400', '404') },
      }),
    },
  };
}
