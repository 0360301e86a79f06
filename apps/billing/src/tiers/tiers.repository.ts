import { Injectable } from '@nestjs/common';
import type { TenantId, TierPrice } from '@tollgate/contracts';
import { PrismaService } from '../infra/prisma.service';
import type { PriceTier as TierRow, TenantTier as AssignmentRow } from '../generated/prisma/client';
import { toTierPrice } from '../prices/price-set.repository';
import type { NewPrice } from '../prices/prices.repository';

export interface TierView {
  id: string;
  name: string;
  description: string | null;
  markupBp: number | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export interface AssignmentView {
  id: string;
  tenantId: string;
  tierId: string | null;
  effectiveFrom: string;
  createdBy: string;
  createdAt: string;
}

function toTier(r: TierRow): TierView {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

function toAssignment(r: AssignmentRow): AssignmentView {
  return { ...r, effectiveFrom: r.effectiveFrom.toISOString(), createdAt: r.createdAt.toISOString() };
}

/** Sale tiers, their per-model prices and tenant assignments (installation config; assignments by tenant id). */
@Injectable()
export class TiersRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(): Promise<TierView[]> {
    return (await this.prisma.priceTier.findMany({ orderBy: { name: 'asc' } })).map(toTier);
  }

  async get(id: string): Promise<TierView | null> {
    const row = await this.prisma.priceTier.findUnique({ where: { id } });
    return row ? toTier(row) : null;
  }

  async create(t: { name: string; description: string | null; markupBp: number | null; actor: string }): Promise<TierView> {
    return toTier(
      await this.prisma.priceTier.create({ data: { name: t.name, description: t.description, markupBp: t.markupBp, createdBy: t.actor, updatedBy: t.actor } }),
    );
  }

  async update(id: string, t: { name?: string; description?: string | null; actor: string }): Promise<TierView> {
    const data = { ...(t.name !== undefined ? { name: t.name } : {}), ...(t.description !== undefined ? { description: t.description } : {}) };
    return toTier(await this.prisma.priceTier.update({ where: { id }, data: { ...data, updatedBy: t.actor, updatedAt: new Date() } }));
  }

  /** Deletes a tier no tenant was ever assigned and that has no prices (false otherwise). */
  async deleteUnused(id: string): Promise<boolean> {
    const { count } = await this.prisma.priceTier.deleteMany({ where: { id, tenants: { none: {} }, prices: { none: {} } } });
    return count > 0;
  }

  async prices(tierId: string): Promise<TierPrice[]> {
    const rows = await this.prisma.tierPrice.findMany({ where: { tierId }, orderBy: [{ model: 'asc' }, { effectiveFrom: 'asc' }, { createdAt: 'asc' }] });
    return rows.map(toTierPrice);
  }

  /** Whether the tier priced `model` before `at`, or had a tenant on it then (a new tier price would re-price that tenant's calls). */
  async priceOrTenantsInForce(tierId: string, model: string, at: Date): Promise<boolean> {
    const [prices, tenants] = await Promise.all([
      this.prisma.tierPrice.count({ where: { tierId, model, effectiveFrom: { lt: at } } }),
      this.prisma.tenantTier.count({ where: { tierId, effectiveFrom: { lt: at } } }),
    ]);
    return prices + tenants > 0;
  }

  async addPrice(tierId: string, p: NewPrice): Promise<TierPrice> {
    return toTierPrice(await this.prisma.tierPrice.create({ data: { ...p, tierId } }));
  }

  /** Withdraws a tier price not yet in force (false when none such). */
  async deleteFuturePrice(tierId: string, priceId: string): Promise<boolean> {
    const { count } = await this.prisma.tierPrice.deleteMany({ where: { id: priceId, tierId, effectiveFrom: { gt: new Date() } } });
    return count > 0;
  }

  async assignments(tenantId: TenantId): Promise<AssignmentView[]> {
    const rows = await this.prisma.tenantTier.findMany({ where: { tenantId }, orderBy: [{ effectiveFrom: 'asc' }, { createdAt: 'asc' }] });
    return rows.map(toAssignment);
  }

  async assign(tenantId: TenantId, tierId: string | null, effectiveFrom: Date, actor: string): Promise<AssignmentView> {
    return toAssignment(await this.prisma.tenantTier.create({ data: { tenantId, tierId, effectiveFrom, createdBy: actor } }));
  }

  /** Withdraws a scheduled assignment of this tenant (not yet in force). */
  async deleteFutureAssignment(tenantId: TenantId, id: string): Promise<boolean> {
    const { count } = await this.prisma.tenantTier.deleteMany({ where: { id, tenantId, effectiveFrom: { gt: new Date() } } });
    return count > 0;
  }
}
