import { Injectable } from '@nestjs/common';
import type { Price } from '@tollgate/contracts';
import { PrismaService } from '../infra/prisma.service';
import type { CostPrice as CostPriceRow } from '../generated/prisma/client';
import type { CostPriceStatus } from './cost-prices.dto';
import { NewPrice, toPrice } from './prices.repository';

export interface CostPriceView extends Price {
  status: CostPriceStatus;
  source: string | null;
  createdBy: string;
  createdAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

export function toCostPrice(r: CostPriceRow): CostPriceView {
  return {
    ...toPrice(r),
    status: r.status as CostPriceStatus,
    source: r.source,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    reviewedBy: r.reviewedBy,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
  };
}

/** Upstream cost prices: installation-wide, effective-dated; a proposed row is reviewed once (trigger-guarded). */
@Injectable()
export class CostPricesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(status?: CostPriceStatus): Promise<CostPriceView[]> {
    const rows = await this.prisma.costPrice.findMany({
      where: status ? { status } : {},
      orderBy: [{ model: 'asc' }, { effectiveFrom: 'asc' }, { createdAt: 'asc' }],
    });
    return rows.map(toCostPrice);
  }

  async get(id: string): Promise<CostPriceView | null> {
    const row = await this.prisma.costPrice.findUnique({ where: { id } });
    return row ? toCostPrice(row) : null;
  }

  async create(p: NewPrice & { status: CostPriceStatus; source: string | null }): Promise<CostPriceView> {
    return toCostPrice(await this.prisma.costPrice.create({ data: p }));
  }

  /** Whether an accepted cost price of `model` was in force before `at`. */
  async acceptedInForce(model: string, at: Date): Promise<boolean> {
    return (await this.prisma.costPrice.count({ where: { model, status: 'accepted', effectiveFrom: { lt: at } } })) > 0;
  }

  /** Moves a proposed row to `status` (accepted from `effectiveFrom`); null when it is no longer proposed. */
  async review(id: string, status: 'accepted' | 'rejected', actor: string, effectiveFrom?: Date): Promise<CostPriceView | null> {
    const { count } = await this.prisma.costPrice.updateMany({
      where: { id, status: 'proposed' },
      data: { status, reviewedBy: actor, reviewedAt: new Date(), ...(effectiveFrom ? { effectiveFrom } : {}) },
    });
    return count ? this.get(id) : null;
  }

  /** Deletes a row that never priced a call (proposed, rejected, or accepted but not yet in force). */
  async deleteUnused(id: string): Promise<boolean> {
    const { count } = await this.prisma.costPrice.deleteMany({
      where: { id, OR: [{ status: { not: 'accepted' } }, { effectiveFrom: { gt: new Date() } }] },
    });
    return count > 0;
  }
}
