import { Injectable } from '@nestjs/common';
import type { PricesSnapshotReply, TierPrice } from '@tollgate/contracts';
import { PrismaService } from '../infra/prisma.service';
import type { TierPrice as TierPriceRow } from '../generated/prisma/client';
import { toPrice } from './prices.repository';

const ORDER = [{ model: 'asc' as const }, { effectiveFrom: 'asc' as const }, { createdAt: 'asc' as const }];

export function toTierPrice(r: TierPriceRow): TierPrice {
  return { ...toPrice(r), tierId: r.tierId };
}

/**
 * The whole price set (default prices, accepted cost prices, tiers, tier prices, tenant
 * assignments), read in one repeatable-read transaction so that the parts agree. Installation-wide
 * configuration, not customer data: every gateway holds all of it.
 */
@Injectable()
export class PriceSetRepository {
  constructor(private readonly prisma: PrismaService) {}

  async load(): Promise<PricesSnapshotReply> {
    const [prices, costs, tiers, tierPrices, assignments] = await this.prisma.$transaction(
      [
        this.prisma.price.findMany({ orderBy: ORDER }),
        this.prisma.costPrice.findMany({ where: { status: 'accepted' }, orderBy: ORDER }),
        this.prisma.priceTier.findMany({ orderBy: { name: 'asc' } }),
        this.prisma.tierPrice.findMany({ orderBy: ORDER }),
        this.prisma.tenantTier.findMany({ orderBy: [{ tenantId: 'asc' }, { effectiveFrom: 'asc' }, { createdAt: 'asc' }] }),
      ],
      { isolationLevel: 'RepeatableRead' },
    );
    return {
      prices: prices.map(toPrice),
      costPrices: costs.map(toPrice),
      tiers: tiers.map((t) => ({ id: t.id, name: t.name, markupBp: t.markupBp })),
      tierPrices: tierPrices.map(toTierPrice),
      tenantTiers: assignments.map((a) => ({ tenantId: a.tenantId, tierId: a.tierId, effectiveFrom: a.effectiveFrom.toISOString() })),
    };
  }
}
