import type { AuditEntry, PortalMeResult } from '@tollgate/contracts';
import { GatewayErrors } from '../errors/gateway.error';

/** /me/audit-log on the wire (snake_case) and its query. */

export type PublicAuditEntry = AuditEntry;

export interface PublicAuditPage {
  object: 'list';
  data: PublicAuditEntry[];
  next_cursor: string | null;
}

export const toPublicAuditPage = (r: PortalMeResult<'audit.list'>): PublicAuditPage => ({
  object: 'list',
  data: r.data.map((e) => ({ id: e.id, at: e.at, action: e.action, actor: { ...e.actor }, target: e.target && { ...e.target } })),
  next_cursor: r.nextCursor,
});

export const AUDIT_DEFAULT_LIMIT = 50;
const PARAMS = new Set(['cursor', 'limit']);

/** `?cursor&limit` (1 to 200, default 50); any other parameter is refused rather than ignored. */
export function auditQuery(q: Record<string, string>): { cursor?: string; limit: number } {
  const unknown = Object.keys(q).find((name) => !PARAMS.has(name));
  if (unknown !== undefined) {
    const name = unknown.slice(0, 64);
    throw GatewayErrors.invalidRequest(`Unknown query parameter '${name}'; expected cursor or limit.`, { param: name });
  }
  const limit = q.limit === undefined ? AUDIT_DEFAULT_LIMIT : Number(q.limit);
  if (!/^\d+$/.test(q.limit ?? '50') || !Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw GatewayErrors.invalidRequest("'limit' must be an integer from 1 to 200.", { param: 'limit' });
  }
  if (q.cursor !== undefined && (typeof q.cursor !== 'string' || q.cursor.length === 0 || q.cursor.length > 200)) {
    throw GatewayErrors.invalidRequest('The cursor is not valid; pass the next_cursor of a previous page.', { param: 'cursor' });
  }
  return { cursor: q.cursor, limit };
}
