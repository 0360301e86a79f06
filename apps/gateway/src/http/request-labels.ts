import type { ServerResponse } from 'node:http';
import type { RequestRecord } from './request-record';

/** The route label of a request no route answered (404s, malformed URLs): one series, whatever the URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The status logged and counted for a request whose client went away before any answer (nginx's convention). */
export const CLIENT_GONE = 499;

/** OpenTelemetry's `gen_ai.operation.name` of the public routes that call a model. */
const OPERATIONS: Record<string, string> = {
  '/v1/chat/completions': 'chat',
  '/v1/messages': 'chat',
  '/v1/responses': 'chat',
  '/v1/embeddings': 'embeddings',
};

/**
 * A request's metric labels. Every value is bounded: the route is a template from the route
 * table (never the raw URL), the model and provider are set only when a catalog target served
 * the call (a caller's unknown model name never becomes a series), the tenant only when the
 * operator asked for it.
 */
export interface RequestLabels {
  route: string;
  method: string;
  status: string;
  provider: string;
  model: string;
  tenant: string;
  /** `gen_ai.operation.name`, or '' for a route that calls no model. */
  operation: string;
}

export function routeLabel(route: string): string {
  return route === '' ? UNMATCHED_ROUTE : route;
}

/** The status the caller got: the one sent, or 499 when the response ended before its headers were sent. */
export function statusOf(res: ServerResponse): number {
  return res.headersSent ? res.statusCode : CLIENT_GONE;
}

export function labelsOf(record: RequestRecord, method: string, status: number, tenantLabel: boolean): RequestLabels {
  const route = routeLabel(record.route);
  return {
    route,
    method,
    status: String(status),
    provider: record.provider ?? '',
    model: servedModel(record),
    tenant: tenantLabel ? (record.tenantId ?? '') : '',
    operation: OPERATIONS[route] ?? '',
  };
}

/** The model label: the model a catalog target served; '' otherwise (a caller's unknown model name never becomes a series). */
function servedModel(record: RequestRecord): string {
  return record.provider !== null ? (record.model ?? '') : '';
}

/**
 * One string per distinct label set, built from the record without the labels object: the key
 * under which a request's metric series are resolved once and kept (labelsOf runs on a miss only).
 */
export function seriesKey(record: RequestRecord, method: string, status: number, tenantLabel: boolean): string {
  return `${record.route}\u0000${method}\u0000${status}\u0000${record.provider ?? ''}\u0000${servedModel(record)}\u0000${tenantLabel ? (record.tenantId ?? '') : ''}`;
}
