import { Injectable } from '@nestjs/common';
import { AuthError } from '../errors/auth.error';
import { TenantsService } from '../tenants/tenants.service';
import { AuditRepository } from './audit.repository';
import { isStorableTime, type TenantId } from '@tollgate/contracts';

export interface AuditView {
  id: string;
  at: string;
  actor: string;
  action: string;
  keyId: string | null;
  details: unknown;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly tenants: TenantsService,
  ) {}

  async list(tenantId: TenantId, limit: number, before?: string): Promise<{ data: AuditView[] }> {
    await this.tenants.require(tenantId);
    const cursor = before ? new Date(before) : undefined;
    if (cursor && !isStorableTime(cursor)) throw new AuthError('invalid_request', "'before' must be an ISO time (years 1 to 9999).");
    const rows = await this.audit.list(tenantId, Math.min(Math.max(limit, 1), 500), cursor);
    return {
      data: rows.map((r) => ({ id: r.id, at: r.createdAt.toISOString(), actor: r.actor, action: r.action, keyId: r.keyId, details: r.details })),
    };
  }
}
