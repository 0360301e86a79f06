import { Injectable, Logger } from '@nestjs/common';
import type { TenantId, BillingProfile, BillingProfilePutRequest } from '@tollgate/contracts';
import { Bus } from '@tollgate/messaging';
import { BillingError } from '../errors/billing.error';
import { BillingProfilesRepository } from './billing-profiles.repository';

/** The customer block of a document: a name always (never the tenant id alone), the rest as set. */
export interface DocumentCustomer {
  name: string;
  addressLines: string[];
  taxId: string | null;
  email: string | null;
  accountId: string;
}

const TENANT_LOOKUP_MS = 2000;

/**
 * Customers' billing details. The name on a document is the legal name they set, else their
 * tenant's name, which auth owns (asked over auth.tenants.get.v1 when a document is made).
 */
@Injectable()
export class BillingProfilesService {
  private readonly logger = new Logger('BillingProfilesService');

  constructor(
    private readonly repo: BillingProfilesRepository,
    private readonly bus: Bus,
  ) {}

  async get(tenantId: TenantId): Promise<BillingProfile> {
    const row = await this.repo.find(tenantId);
    if (!row) return { tenantId, legalName: null, address: null, taxId: null, email: null, updatedAt: null };
    return { tenantId, legalName: row.legalName, address: row.address, taxId: row.taxId, email: row.email, updatedAt: row.updatedAt.toISOString() };
  }

  async put(req: BillingProfilePutRequest): Promise<BillingProfile> {
    const { tenantId, actor, ...fields } = req;
    await this.repo.save(tenantId, fields, actor);
    return this.get(tenantId);
  }

  /** Who a document is addressed to. Auth unreachable (and no legal name set): `unavailable`, retried by the caller. */
  async customer(tenantId: TenantId): Promise<DocumentCustomer> {
    const p = await this.get(tenantId);
    const name = p.legalName ?? (await this.tenantName(tenantId));
    return {
      name,
      addressLines: p.address ? p.address.split(/\r?\n/).filter((l) => l.trim() !== '') : [],
      taxId: p.taxId,
      email: p.email,
      accountId: tenantId,
    };
  }

  private async tenantName(tenantId: TenantId): Promise<string> {
    try {
      const reply = await this.bus.request('tenantGet', { tenantId }, TENANT_LOOKUP_MS);
      return reply.found ? reply.name : 'Closed account';
    } catch (err) {
      this.logger.warn({ tenantId, err: (err as Error).message }, 'auth did not answer a tenant name lookup');
      throw new BillingError('unavailable', 'The customer name could not be looked up; retry shortly.');
    }
  }
}
