import type { Price } from '@tollgate/contracts';

export interface Tokens {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
}

const MILLION = 1_000_000n;

/**
 * Cost in micro-units: uncached input, cached input and output at their own prices per million
 * tokens, summed exactly in integers and rounded up once. No floating point.
 */
export function costMicros(price: Pick<Price, 'inputPerMillion' | 'cachedInputPerMillion' | 'outputPerMillion'>, t: Tokens): number {
  const cached = BigInt(Math.min(t.cachedTokens, t.promptTokens));
  const uncached = BigInt(t.promptTokens) - cached;
  const total =
    uncached * BigInt(price.inputPerMillion) + cached * BigInt(price.cachedInputPerMillion) + BigInt(t.completionTokens) * BigInt(price.outputPerMillion);
  const micros = (total + MILLION - 1n) / MILLION;
  if (micros > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('cost exceeds safe integer range');
  return Number(micros);
}

/** The most a request can cost: its estimated input, all uncached, plus its output cap. */
export function worstCaseMicros(price: Pick<Price, 'inputPerMillion' | 'cachedInputPerMillion' | 'outputPerMillion'>, promptTokens: number, maxOutputTokens: number): number {
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
