import { Injectable } from '@nestjs/common';
import { isStorableTime } from '@tollgate/contracts';
import { GatewayErrors } from '../errors/gateway.error';
import { AuditRow, CatalogRepository } from '../catalog/catalog.repository';

export interface CatalogAuditView {
  id: string;
  at: string;
  actor: string;
  action: string;
  tenantId: string | null;
  target: string;
  details: unknown;
}

export interface CatalogAuditPage {
  data: CatalogAuditView[];
  /** Pass as `before` for the next (older) page; null when this page is the last. */
  nextBefore: string | null;
}

export const AUDIT_DEFAULT_LIMIT = 100;
export const AUDIT_MAX_LIMIT = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^\d{1,6}$/;

const view = (r: AuditRow): CatalogAuditView => ({
  id: r.id,
  at: r.occurredAt.toISOString(),
  actor: r.actor,
  action: r.action,
  tenantId: r.tenantId,
  target: r.target,
  details: r.details,
});

/** Who changed providers, routes and targets: the catalog's audit, newest first, page by page. */
@Injectable()
export class CatalogAuditService {
  constructor(private readonly repo: CatalogRepository) {}

  async list(q: { tenantId?: string; limit?: string; before?: string }): Promise<CatalogAuditPage> {
    if (q.tenantId !== undefined && !UUID.test(q.tenantId))
      throw GatewayErrors.invalidRequest("'tenant_id' must be a tenant id (UUID).", { param: 'tenant_id' });
    const limit = limitOf(q.limit);
    const before = await this.cursor(q.before);
    const rows = await this.repo.auditPage({ tenantId: q.tenantId, limit, before });
    return { data: rows.map(view), nextBefore: rows.length === limit ? rows[rows.length - 1].id : null };
  }

  /** `before` is an event id (the previous page's `nextBefore`: strictly after it, ties broken by id) or an ISO time (strictly older). */
  private async cursor(before: string | undefined): Promise<{ at: Date; id?: string } | undefined> {
    if (before === undefined || before === '') return undefined;
    if (UUID.test(before)) {
      const event = await this.repo.findAuditEvent(before);
      if (!event) throw GatewayErrors.invalidRequest(`No audit event with id '${before}'.`, { param: 'before' });
      return { at: event.occurredAt, id: event.id };
    }
    const at = new Date(before);
    if (before.length > 40 || !isStorableTime(at))
      throw GatewayErrors.invalidRequest("'before' must be an audit event id or an ISO time (years 1 to 9999).", { param: 'before' });
    return { at };
  }
}

function limitOf(value: string | undefined): number {
  if (value === undefined || value === '') return AUDIT_DEFAULT_LIMIT;
  if (!INTEGER.test(value) || Number(value) < 1 || Number(value) > AUDIT_MAX_LIMIT) {
    throw GatewayErrors.invalidRequest(`'limit' must be an integer from 1 to ${AUDIT_MAX_LIMIT}.`, { param: 'limit' });
  }
  return Number(value);
}
