import type { Price, PricesSnapshotReply, PriceTier, TenantTier, TierPrice } from '@tollgate/contracts';

export interface Tokens {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
}

const MILLION = 1_000_000n;
/** Basis points in one (markups are integers: 2500 = 25 %). */
const BP = 10_000n;

/** Per-million rates, and optionally a markup over them in basis points (a tier's markup over cost). */
export type Rates = Pick<Price, 'inputPerMillion' | 'cachedInputPerMillion' | 'outputPerMillion'> & { markupBp?: number };

/**
 * Cost in micro-units: uncached input, cached input and output at their own prices per million
 * tokens, summed exactly in integers, times (10 000 + markupBp) / 10 000 when the rates carry a
 * markup, and rounded up once. No floating point.
 */
export function costMicros(price: Rates, t: Tokens): number {
  const cached = BigInt(Math.min(t.cachedTokens, t.promptTokens));
  const uncached = BigInt(t.promptTokens) - cached;
  const total =
    uncached * BigInt(price.inputPerMillion) + cached * BigInt(price.cachedInputPerMillion) + BigInt(t.completionTokens) * BigInt(price.outputPerMillion);
  const factor = BP + BigInt(price.markupBp ?? 0);
  const micros = (total * factor + MILLION * BP - 1n) / (MILLION * BP);
  if (micros > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('cost exceeds safe integer range');
  return Number(micros);
}

/** The most a request can cost: its estimated input, all uncached, plus its output cap. */
export function worstCaseMicros(price: Rates, promptTokens: number, maxOutputTokens: number): number {
  return costMicros(price, { promptTokens, completionTokens: maxOutputTokens, cachedTokens: 0 });
}

/**
 * The price in force for a call at `at`: a target-specific price beats a model-wide one;
 * among those, the latest effectiveFrom not after `at`.
 */
export function priceFor(prices: readonly Price[], model: string, provider: string | null, upstreamModel: string | null, at: Date): Price | null {
  let best: Price | null = null;
  let bestRank = -1;
  for (const p of prices) {
    if (p.model !== model || Date.parse(p.effectiveFrom) > at.getTime()) continue;
    if (p.provider !== null && p.provider !== provider) continue;
    if (p.upstreamModel !== null && p.upstreamModel !== upstreamModel) continue;
    const rank = (p.provider !== null ? 2 : 0) + (p.upstreamModel !== null ? 1 : 0);
    if (rank > bestRank || (rank === bestRank && best && Date.parse(p.effectiveFrom) > Date.parse(best.effectiveFrom))) {
      best = p;
      bestRank = rank;
    }
  }
  return best;
}

/** Which of a price set's sides priced a call (see PriceBook.saleOf). */
export type SaleSource = 'tier_price' | 'markup' | 'default';

/** The sale price of a call: its rates (a markup applies on top when markupBp > 0) and the versions it came from. */
export interface SalePrice extends Rates {
  inputPerMillion: number;
  cachedInputPerMillion: number;
  outputPerMillion: number;
  markupBp: number;
  maxOutputTokens: number;
  source: SaleSource;
  /** The default price or tier price row (null when a markup over cost priced it). */
  priceId: string | null;
  /** The tenant's tier in force at the call (null: none). */
  tierId: string | null;
  /** The cost price a markup was applied to (null otherwise). */
  costPriceId: string | null;
}

export type PriceSet = Pick<PricesSnapshotReply, 'prices'> & Partial<Omit<PricesSnapshotReply, 'prices'>>;

function byModel<T extends Price>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.model) ?? [];
    list.push(r);
    out.set(r.model, list);
  }
  return out;
}

/**
 * A price set indexed once, when it changes, so that pricing a call is a few map lookups
 * (tenant → its tier assignments, tier → model → its prices, model → cost / default prices).
 *
 * The sale price of a call by tenant T at time `at`: take T's tier in force at `at` (the
 * assignment with the latest effectiveFrom ≤ at; ties go to the one created last). Then
 *   1. the tier's own price for the model (priceFor rules), if any, else
 *   2. the tier's markup over the accepted cost price in force: cost × (10 000 + markupBp) / 10 000,
 *      rounded up to the micro once on the exact sum (costMicros), if the tier has a markup and
 *      the model a cost price, else
 *   3. the default price list (what a tenant without a tier pays).
 */
export class PriceBook {
  private readonly defaults: Map<string, Price[]>;
  private readonly costs: Map<string, Price[]>;
  private readonly tierPrices = new Map<string, Map<string, TierPrice[]>>();
  private readonly tiers: Map<string, PriceTier>;
  /** Per tenant, its assignments in the order given (effectiveFrom, then creation, ascending). */
  private readonly assignments = new Map<string, TenantTier[]>();

  constructor(readonly set: PriceSet) {
    this.defaults = byModel(set.prices);
    this.costs = byModel(set.costPrices ?? []);
    this.tiers = new Map((set.tiers ?? []).map((t) => [t.id, t]));
    const perTier = new Map<string, TierPrice[]>();
    for (const p of set.tierPrices ?? []) perTier.set(p.tierId, [...(perTier.get(p.tierId) ?? []), p]);
    for (const [tierId, rows] of perTier) this.tierPrices.set(tierId, byModel(rows));
    for (const a of set.tenantTiers ?? []) {
      const list = this.assignments.get(a.tenantId) ?? [];
      list.push(a);
      this.assignments.set(a.tenantId, list);
    }
    for (const list of this.assignments.values()) list.sort((a, b) => Date.parse(a.effectiveFrom) - Date.parse(b.effectiveFrom));
  }

  /** The tenant's tier in force at `at`, or null (no assignment yet, or assigned back to the default list). */
  tierOf(tenantId: string, at: Date): PriceTier | null {
    const list = this.assignments.get(tenantId);
    if (!list) return null;
    for (let i = list.length - 1; i >= 0; i--) {
      if (Date.parse(list[i].effectiveFrom) <= at.getTime()) return list[i].tierId ? (this.tiers.get(list[i].tierId!) ?? null) : null;
    }
    return null;
  }

  /** The default list's price for a call (today's behaviour). */
  defaultOf(model: string, provider: string | null, upstreamModel: string | null, at: Date): Price | null {
    return priceFor(this.defaults.get(model) ?? [], model, provider, upstreamModel, at);
  }

  /** The accepted upstream cost price in force for a call, or null. */
  costOf(model: string, provider: string | null, upstreamModel: string | null, at: Date): Price | null {
    return priceFor(this.costs.get(model) ?? [], model, provider, upstreamModel, at);
  }

  /** What tenant `tenantId` pays for a call at `at` (see the class comment), or null when nothing prices it. */
  saleOf(tenantId: string, model: string, provider: string | null, upstreamModel: string | null, at: Date): SalePrice | null {
    const tier = this.tierOf(tenantId, at);
    if (tier) {
      const own = priceFor(this.tierPrices.get(tier.id)?.get(model) ?? [], model, provider, upstreamModel, at);
      if (own) return sale(own, { source: 'tier_price', tierId: tier.id, priceId: own.id, costPriceId: null, markupBp: 0 });
      const cost = tier.markupBp !== null ? this.costOf(model, provider, upstreamModel, at) : null;
      if (cost) return sale(cost, { source: 'markup', tierId: tier.id, priceId: null, costPriceId: cost.id, markupBp: tier.markupBp ?? 0 });
    }
    const price = this.defaultOf(model, provider, upstreamModel, at);
    return price ? sale(price, { source: 'default', tierId: tier?.id ?? null, priceId: price.id, costPriceId: null, markupBp: 0 }) : null;
  }
}

/** Where a sale price came from: SalePrice's own fields besides the rates. */
type SaleOrigin = Pick<SalePrice, 'source' | 'tierId' | 'priceId' | 'costPriceId' | 'markupBp'>;

function sale(p: Price, origin: SaleOrigin): SalePrice {
  return {
    inputPerMillion: p.inputPerMillion,
    cachedInputPerMillion: p.cachedInputPerMillion,
    outputPerMillion: p.outputPerMillion,
    maxOutputTokens: p.maxOutputTokens,
    ...origin,
  };
}
