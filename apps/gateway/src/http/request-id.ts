import { randomUUID } from 'node:crypto';

/**
 * The gateway's own id of a call: its usage event's id and idempotency key, its credit hold, its
 * request-log row and every log line. Always generated, never taken from the caller: two calls
 * sending the same `x-request-id` (or two tenants choosing the same one) would otherwise be billed
 * once. Sent back as `x-tollgate-request-id`, and as `x-request-id` when the caller sent none.
 */
export function newRequestId(): string {
  return `req_${randomUUID().replace(/-/g, '')}`;
}

/** A caller's `x-request-id` worth echoing: 1 to 128 letters, digits and `. _ : -` (no spaces, no header injection). */
const CALLER_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's well-formed `x-request-id`, to echo as `x-request-id` and log as `callerRequestId`; else undefined. */
export function callerRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && CALLER_ID.test(header) ? header : undefined;
}

/**
 * The request-id headers of every public response: `x-request-id` is the caller's own id when it
 * sent a well-formed one (kept for its tracing), else the gateway's; `x-tollgate-request-id` is
 * always the gateway's, the one the request log and usage carry.
 */
export function requestIdHeaders(id: string, callerId: string | undefined): Record<string, string> {
  return { 'x-request-id': callerId ?? id, 'x-tollgate-request-id': id };
}
