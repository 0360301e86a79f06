import type { Price } from '@tollgate/contracts';
import { costMicros, priceFor, worstCaseMicros } from './cost';

/** Prices are micro-units per million tokens: 2_000_000 is 2 units (e.g. $2) per million. */
const price = { inputPerMillion: 2_000_000, cachedInputPerMillion: 500_000, outputPerMillion: 8_000_000 };
const tiny = { inputPerMillion: 1, cachedInputPerMillion: 1, outputPerMillion: 1 };

describe('costMicros', () => {
  it.each([
    ['nothing used costs nothing', price, 0, 0, 0, 0],
    ['uncached input and output at their own prices', price, 1000, 500, 0, 6000],
    ['cached input at the cached price, the rest at the input price', price, 1000, 500, 400, 5400],
    ['every input token cached', price, 1000, 0, 1000, 500],
    ['cached tokens beyond the prompt count only up to the prompt', price, 100, 0, 500, 50],
    ['output only', price, 0, 3, 0, 24],
    ['a fraction of a micro-unit rounds up', tiny, 1, 0, 0, 1],
    ['rounded once on the sum, not per part (1 + 1 + 1 millionths is 1, not 3)', tiny, 2, 1, 1, 1],
    ['999,999 millionths is one micro-unit', { ...tiny, inputPerMillion: 3 }, 333_333, 0, 0, 1],
    ['1,000,001 millionths is two micro-units', tiny, 1_000_001, 0, 0, 2],
    ['an exact multiple is not rounded', { ...tiny, inputPerMillion: 1_000_000 }, 3, 0, 0, 3],
    ['a free model costs nothing', { inputPerMillion: 0, cachedInputPerMillion: 0, outputPerMillion: 0 }, 1_000_000, 1_000_000, 0, 0],
    // 122_222_222 × 3_000_001 + 1_234_567 × 7 + 98_765_432 × 15_000_003 = 1_848_148_573_160_487 millionths
    [
      'large counts stay exact (no floating point)',
      { inputPerMillion: 3_000_001, cachedInputPerMillion: 7, outputPerMillion: 15_000_003 },
      123_456_789,
      98_765_432,
      1_234_567,
      1_848_148_574,
    ],
  ])('%s', (_what, p, promptTokens, completionTokens, cachedTokens, expected) => {
    expect(costMicros(p, { promptTokens, completionTokens, cachedTokens })).toBe(expected);
  });

  it('refuses a cost past the safe integer range rather than lose precision', () => {
    expect(() =>
      costMicros(
        { inputPerMillion: Number.MAX_SAFE_INTEGER, cachedInputPerMillion: 0, outputPerMillion: 0 },
        { promptTokens: 2_000_000, completionTokens: 0, cachedTokens: 0 },
      ),
    ).toThrow(RangeError);
  });
});

describe('worstCaseMicros', () => {
  it.each([
    // promptTokens, maxOutputTokens, expected: every input token at the uncached price
    [1000, 500, 6000],
    [0, 0, 0],
    [1, 0, 2],
    [0, 4096, 32_768],
  ])('%i prompt tokens and an output cap of %i hold %i', (promptTokens, maxOutputTokens, expected) => {
    expect(worstCaseMicros(price, promptTokens, maxOutputTokens)).toBe(expected);
  });

  it('is never less than the cost of any usage within the cap', () => {
    const worst = worstCaseMicros(price, 1000, 500);
    for (const cached of [0, 10, 999, 1000])
      for (const out of [0, 1, 499, 500])
        expect(costMicros(price, { promptTokens: 1000, completionTokens: out, cachedTokens: cached })).toBeLessThanOrEqual(worst);
  });
});

describe('priceFor', () => {
  let n = 0;
  const p = (over: Partial<Price>): Price => ({
    id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    model: 'm',
    provider: null,
    upstreamModel: null,
    inputPerMillion: 1,
    cachedInputPerMillion: 1,
    outputPerMillion: 1,
    maxOutputTokens: 1,
    effectiveFrom: '2026-01-01T00:00:00.000Z',
    ...over,
  });
  const modelWide = p({});
  const modelWideLater = p({ effectiveFrom: '2026-03-01T00:00:00.000Z' });
  const forProvider = p({ provider: 'openai' });
  const forUpstream = p({ upstreamModel: 'gpt-4.1' });
  const forBoth = p({ provider: 'openai', upstreamModel: 'gpt-4.1' });
  const future = p({ provider: 'openai', upstreamModel: 'gpt-4.1', effectiveFrom: '2027-01-01T00:00:00.000Z' });
  const otherModel = p({ model: 'other', effectiveFrom: '2020-01-01T00:00:00.000Z' });
  const all = [modelWide, modelWideLater, forProvider, forUpstream, forBoth, future, otherModel];

  it.each([
    ['no price for an unpriced model', 'nope', 'openai', 'gpt-4.1', '2026-06-01', all, null],
    ['no price before the first takes effect', 'm', null, null, '2025-12-31T23:59:59.999Z', all, null],
    ['a price applies from the instant it takes effect', 'm', null, null, '2026-01-01T00:00:00.000Z', all, modelWide],
    ['the latest effective model-wide price', 'm', null, null, '2026-06-01', all, modelWideLater],
    ['the earlier price for a call made before a change', 'm', 'anthropic', 'claude', '2026-02-01', all, modelWide],
    ['provider and upstream model beat either alone', 'm', 'openai', 'gpt-4.1', '2026-06-01', all, forBoth],
    ['a provider-specific price beats an upstream-specific one', 'm', 'openai', 'o3', '2026-06-01', all, forProvider],
    ['an upstream-specific price beats a model-wide one', 'm', 'azure', 'gpt-4.1', '2026-06-01', all, forUpstream],
    ['a price for another provider never applies', 'm', 'azure', 'o3', '2026-06-01', [forProvider, forBoth], null],
    ['a specific price not yet in force does not apply', 'm', 'openai', 'gpt-4.1', '2026-12-31', [future, modelWide], modelWide],
  ])('%s', (_what, model, provider, upstream, at, prices, expected) => {
    expect(priceFor(prices, model, provider, upstream, new Date(at))).toBe(expected);
  });

  it('picks the same price whatever the order of the list', () => {
    const at = new Date('2026-06-01');
    expect(priceFor([...all].reverse(), 'm', 'openai', 'gpt-4.1', at)).toBe(forBoth);
    expect(priceFor([...all].reverse(), 'm', null, null, at)).toBe(modelWideLater);
  });
});
