import { Injectable } from '@nestjs/common';
import type { Budget, TenantGetReply, TenantId } from '@tollgate/contracts';
import { isTimeZone } from '@tollgate/credit';
import { AuthError } from '../errors/auth.error';
import { BudgetPatch, budgetColumns, budgetOf, patchBudget, touchesBudget } from '../keys/budget';
import { TenantRow, TenantSettings, TenantsRepository } from './tenants.repository';

export interface TenantView {
  id: string;
  name: string;
  rateLimits: { rpm: number | null; tpm: number | null };
  /** Providers every key of the tenant is confined to (each key's own list intersected with it); empty = any. */
  providers: string[];
  /** Spend limit for all the tenant's keys together; null = none. */
  budget: Budget | null;
  /** IANA time zone that budget periods follow. */
  reportingTimeZone: string;
  createdAt: string;
}

/** PATCH /admin/tenants/{id}: the budget (micros null removes it) and the reporting time zone. */
export interface TenantPatch {
  budget: BudgetPatch;
  reportingTimeZone?: string;
}

const view = (t: TenantRow): TenantView => ({
  id: t.id,
  name: t.name,
  rateLimits: { rpm: t.rpmLimit, tpm: t.tpmLimit },
  providers: t.providers,
  budget: budgetOf(t),
  reportingTimeZone: t.reportingTimeZone,
  createdAt: t.createdAt.toISOString(),
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class TenantsService {
  constructor(private readonly tenants: TenantsRepository) {}

  async create(name: string, actor: string): Promise<TenantView> {
    return view(await this.tenants.create(name, actor));
  }

  async get(tenantId: TenantId): Promise<TenantView> {
    return view(await this.require(tenantId));
  }

  /** auth.tenants.get.v1: does the tenant exist (billing asks before it credits a payment to it)? */
  async lookup(tenantId: TenantId): Promise<TenantGetReply> {
    const tenant = await this.tenants.findById(tenantId);
    return tenant ? { found: true, tenantId: tenant.id, name: tenant.name } : { found: false };
  }

  async setLimits(tenantId: TenantId, limits: { rpm?: number | null; tpm?: number | null }, actor: string): Promise<TenantView> {
    await this.require(tenantId);
    const data = {
      ...(limits.rpm !== undefined ? { rpmLimit: limits.rpm } : {}),
      ...(limits.tpm !== undefined ? { tpmLimit: limits.tpm } : {}),
    };
    return view(await this.tenants.updateLimits(tenantId, data, actor));
  }

  async setProviders(tenantId: TenantId, providers: string[], actor: string): Promise<TenantView> {
    await this.require(tenantId);
    return view(await this.tenants.updateProviders(tenantId, [...new Set(providers)], actor));
  }

  /** Returns the view and what changed (for the gateways' cache), or null changes when the patch is empty. */
  async update(tenantId: TenantId, patch: TenantPatch, actor: string): Promise<{ view: TenantView; changed: ('budget' | 'time_zone')[] }> {
    const tenant = await this.require(tenantId);
    const data: TenantSettings = {};
    const changed: ('budget' | 'time_zone')[] = [];
    if (touchesBudget(patch.budget)) {
      Object.assign(data, budgetColumns(patchBudget(budgetOf(tenant), patch.budget)));
      changed.push('budget');
    }
    if (patch.reportingTimeZone !== undefined) {
      if (!isTimeZone(patch.reportingTimeZone))
        throw new AuthError(
          'invalid_request',
          `Unknown time zone '${patch.reportingTimeZone}'; use an IANA name such as 'Asia/Tokyo' or 'UTC'.`,
          'reportingTimeZone',
        );
      data.reportingTimeZone = patch.reportingTimeZone;
      changed.push('time_zone');
    }
    if (!changed.length) return { view: view(tenant), changed };
    return { view: view(await this.tenants.updateSettings(tenantId, data, actor)), changed };
  }

  async list(): Promise<TenantView[]> {
    return (await this.tenants.list(1000)).map(view);
  }

  /** Throws tenant_not_found for unknown ids and for strings that are not ids at all. */
  async require(tenantId: TenantId): Promise<TenantRow> {
    const tenant = UUID.test(tenantId) ? await this.tenants.findById(tenantId) : null;
    if (!tenant) throw new AuthError('tenant_not_found', `No tenant with id '${tenantId}'.`);
    return tenant;
  }
}
