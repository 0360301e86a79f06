import { Injectable } from '@nestjs/common';
import { AuthError } from '../errors/auth.error';
import { TenantRow, TenantsRepository } from './tenants.repository';

export interface TenantView {
  id: string;
  name: string;
  rateLimits: { rpm: number | null; tpm: number | null };
  /** Providers every key of the tenant is confined to (each key's own list intersected with it); empty = any. */
  providers: string[];
  createdAt: string;
}

const view = (t: TenantRow): TenantView => ({
  id: t.id,
  name: t.name,
  rateLimits: { rpm: t.rpmLimit, tpm: t.tpmLimit },
  providers: t.providers,
  createdAt: t.createdAt.toISOString(),
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class TenantsService {
  constructor(private readonly tenants: TenantsRepository) {}

  async create(name: string, actor: string): Promise<TenantView> {
    return view(await this.tenants.create(name, actor));
  }

  async get(tenantId: string): Promise<TenantView> {
    return view(await this.require(tenantId));
  }

  async setLimits(tenantId: string, limits: { rpm?: number | null; tpm?: number | null }, actor: string): Promise<TenantView> {
    await this.require(tenantId);
    const data = {
      ...(limits.rpm !== undefined ? { rpmLimit: limits.rpm } : {}),
      ...(limits.tpm !== undefined ? { tpmLimit: limits.tpm } : {}),
    };
    return view(await this.tenants.updateLimits(tenantId, data, actor));
  }

  async setProviders(tenantId: string, providers: string[], actor: string): Promise<TenantView> {
    await this.require(tenantId);
    return view(await this.tenants.updateProviders(tenantId, [...new Set(providers)], actor));
  }

  async list(): Promise<TenantView[]> {
    return (await this.tenants.list(1000)).map(view);
  }

  /** Throws tenant_not_found for unknown ids and for strings that are not ids at all. */
  async require(tenantId: string): Promise<TenantRow> {
    const tenant = UUID.test(tenantId) ? await this.tenants.findById(tenantId) : null;
    if (!tenant) throw new AuthError('tenant_not_found', `No tenant with id '${tenantId}'.`);
    return tenant;
  }
}
