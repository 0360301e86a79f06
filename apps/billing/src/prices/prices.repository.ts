import { Injectable } from '@nestjs/common';
import type { Price } from '@tollgate/contracts';
import { PrismaService } from '../infra/prisma.service';
import { toSafeNumber } from '../money/money';
import type { Price as PriceRow } from '../generated/prisma/client';

export interface NewPrice {
  model: string;
  provider: string | null;
  upstreamModel: string | null;
  inputPerMillion: bigint;
  cachedInputPerMillion: bigint;
  outputPerMillion: bigint;
  maxOutputTokens: number;
  effectiveFrom: Date;
  createdBy: string;
}

/** A price-shaped row (default, cost or tier price) as the contract's Price. */
export function toPrice(
  r: Pick<
    PriceRow,
    'id' | 'model' | 'provider' | 'upstreamModel' | 'inputPerMillion' | 'cachedInputPerMillion' | 'outputPerMillion' | 'maxOutputTokens' | 'effectiveFrom'
  >,
): Price {
  return {
    id: r.id,
    model: r.model,
    provider: r.provider,
    upstreamModel: r.upstreamModel,
    inputPerMillion: toSafeNumber(r.inputPerMillion),
    cachedInputPerMillion: toSafeNumber(r.cachedInputPerMillion),
    outputPerMillion: toSafeNumber(r.outputPerMillion),
    maxOutputTokens: r.maxOutputTokens,
    effectiveFrom: r.effectiveFrom.toISOString(),
  };
}

/** Prices are installation-wide (not tenant data) and append-only. */
@Injectable()
export class PricesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async all(): Promise<Price[]> {
    const rows = await this.prisma.price.findMany({ orderBy: [{ model: 'asc' }, { effectiveFrom: 'asc' }, { createdAt: 'asc' }] });
    return rows.map(toPrice);
  }

  /** Whether a list price of `model` (any provider or upstream model) was in force before `at`. */
  async inForce(model: string, at: Date): Promise<boolean> {
    return (await this.prisma.price.count({ where: { model, effectiveFrom: { lt: at } } })) > 0;
  }

  async create(p: NewPrice): Promise<Price> {
    return toPrice(await this.prisma.price.create({ data: p }));
  }
}
