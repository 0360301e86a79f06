import { randomUUID } from 'node:crypto';

/** The id on every public response (`x-request-id`), usage event and log line of a call. */
export function newRequestId(): string {
  return `req_${randomUUID().replace(/-/g, '')}`;
}
