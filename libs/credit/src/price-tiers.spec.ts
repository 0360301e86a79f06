import type { Price, PricesSnapshotReply } from '@tollgate/contracts';
import { costMicros, PriceBook, worstCaseMicros } from './cost';

let n = 0;
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const price = (over: Partial<Price> = {}): Price => ({
  id: id(),
  model: 'm',
  provider: null,
  upstreamModel: null,
  inputPerMillion: 2_000_000,
  cachedInputPerMillion: 500_000,
  outputPerMillion: 8_000_000,
  maxOutputTokens: 4096,
  effectiveFrom: '2026-01-01T00:00:00.000Z',
  ...over,
});

const A = '00000000-0000-4000-8000-00000000aaaa';
const B = '00000000-0000-4000-8000-00000000bbbb';
const C = '00000000-0000-4000-8000-00000000cccc';
const MARKUP = '00000000-0000-4000-8000-0000000000b1';
const PRICED = '00000000-0000-4000-8000-0000000000b2';
const at = (iso: string) => new Date(iso);

const defaultPrice = price();
const cost = price({ inputPerMillion: 1_000_000, cachedInputPerMillion: 100_000, outputPerMillion: 3_000_000, maxOutputTokens: 1000 });
const azureCost = price({ provider: 'azure', inputPerMillion: 900_000, cachedInputPerMillion: 90_000, outputPerMillion: 2_700_000 });
const tierPrice = { ...price({ inputPerMillion: 1_500_000, outputPerMillion: 5_000_000, effectiveFrom: '2026-03-01T00:00:00.000Z' }), tierId: PRICED };
const set: PricesSnapshotReply = {
  prices: [defaultPrice, price({ model: 'default-only' })],
  costPrices: [cost, azureCost, price({ model: 'cost-only', inputPerMillion: 10 })],
  tiers: [
    { id: MARKUP, name: 'markup', markupBp: 2500 },
    { id: PRICED, name: 'priced', markupBp: 1000 },
  ],
  tierPrices: [tierPrice],
  tenantTiers: [
    { tenantId: A, tierId: MARKUP, effectiveFrom: '2026-02-01T00:00:00.000Z' },
    { tenantId: A, tierId: null, effectiveFrom: '2026-06-01T00:00:00.000Z' },
    { tenantId: B, tierId: PRICED, effectiveFrom: '2026-02-01T00:00:00.000Z' },
    // Given out of order: the book sorts by effectiveFrom.
    { tenantId: C, tierId: PRICED, effectiveFrom: '2026-04-01T00:00:00.000Z' },
    { tenantId: C, tierId: MARKUP, effectiveFrom: '2026-02-01T00:00:00.000Z' },
  ],
};
const book = new PriceBook(set);

describe('PriceBook.saleOf: which price applies to a call', () => {
  it('a tenant without a tier pays the default list, exactly as before', () => {
    const sale = book.saleOf('00000000-0000-4000-8000-000000000000', 'm', 'openai', 'x', at('2026-03-01T00:00:00Z'));
    expect(sale).toMatchObject({ source: 'default', priceId: defaultPrice.id, tierId: null, markupBp: 0, inputPerMillion: 2_000_000 });
  });

  it('a markup tier prices the cost × (1 + markup), with the cost price and tier recorded', () => {
    const sale = book.saleOf(A, 'm', 'openai', 'x', at('2026-02-01T00:00:00Z'))!;
    expect(sale).toMatchObject({ source: 'markup', priceId: null, tierId: MARKUP, costPriceId: cost.id, markupBp: 2500, maxOutputTokens: 1000 });
    // cost: 1000 × 1 + 500 × 3 = 2500 µ; × 1.25 = 3125
    expect(costMicros(sale, { promptTokens: 1000, completionTokens: 500, cachedTokens: 0 })).toBe(3125);
  });

  it('the markup applies to the most specific cost price (a provider-specific one beats the model-wide one)', () => {
    const sale = book.saleOf(A, 'm', 'azure', 'x', at('2026-02-02T00:00:00Z'))!;
    expect(sale.costPriceId).toBe(azureCost.id);
  });

  it('before the first assignment, and after one back to the default list, the default list applies', () => {
    expect(book.saleOf(A, 'm', null, null, at('2026-01-31T23:59:59.999Z'))).toMatchObject({ source: 'default', tierId: null });
    expect(book.saleOf(A, 'm', null, null, at('2026-06-01T00:00:00Z'))).toMatchObject({ source: 'default', tierId: null });
  });

  it("a tier's own price for the model beats its markup, from the tier price's effective date", () => {
    expect(book.saleOf(B, 'm', null, null, at('2026-02-15T00:00:00Z'))).toMatchObject({ source: 'markup', markupBp: 1000, tierId: PRICED });
    expect(book.saleOf(B, 'm', null, null, at('2026-03-01T00:00:00Z'))).toMatchObject({
      source: 'tier_price',
      priceId: tierPrice.id,
      tierId: PRICED,
      markupBp: 0,
      inputPerMillion: 1_500_000,
    });
  });

  it('a model with no cost price falls back to the default list, the tier still recorded', () => {
    expect(book.saleOf(A, 'default-only', null, null, at('2026-03-01T00:00:00Z'))).toMatchObject({ source: 'default', tierId: MARKUP });
  });

  it('a model priced by cost only is sold only to tenants on a markup tier', () => {
    expect(book.saleOf(A, 'cost-only', null, null, at('2026-03-01T00:00:00Z'))).toMatchObject({ source: 'markup' });
    expect(book.saleOf(B, 'cost-only', null, null, at('2026-01-01T00:00:00Z'))).toBeNull();
  });

  it('assignments are read in effective order: the one in force when the call happened', () => {
    expect(book.saleOf(C, 'm', null, null, at('2026-03-31T23:59:59.999Z'))?.tierId).toBe(MARKUP);
    expect(book.saleOf(C, 'm', null, null, at('2026-04-01T00:00:00Z'))?.tierId).toBe(PRICED);
  });

  it('an empty book prices nothing, and an old reply without tiers prices by the default list', () => {
    expect(new PriceBook({ prices: [] }).saleOf(A, 'm', null, null, at('2026-03-01T00:00:00Z'))).toBeNull();
    expect(new PriceBook({ prices: [defaultPrice] }).saleOf(A, 'm', null, null, at('2026-03-01T00:00:00Z'))?.source).toBe('default');
  });
});

describe('costMicros with a markup', () => {
  const tiny = { inputPerMillion: 1, cachedInputPerMillion: 1, outputPerMillion: 1 };
  it.each([
    ['no markup is the plain cost', { ...tiny, markupBp: 0 }, 2, 0, 1],
    [
      'rounded up once on the exact product, not on the rounded cost',
      { inputPerMillion: 4, cachedInputPerMillion: 0, outputPerMillion: 0, markupBp: 2500 },
      200_000,
      0,
      1,
    ],
    [
      '800 000 × 1.25 = 1 000 000 millionths is exactly one',
      { inputPerMillion: 1, cachedInputPerMillion: 0, outputPerMillion: 0, markupBp: 2500 },
      800_000,
      0,
      1,
    ],
    ['800 001 × 1.25 is just over one: two', { inputPerMillion: 1, cachedInputPerMillion: 0, outputPerMillion: 0, markupBp: 2500 }, 800_001, 0, 2],
    ['1 bp on a big call', { inputPerMillion: 1_000_000, cachedInputPerMillion: 0, outputPerMillion: 0, markupBp: 1 }, 10_000, 0, 10_001],
    ['100 % markup doubles', { inputPerMillion: 3_000_000, cachedInputPerMillion: 0, outputPerMillion: 7_000_000, markupBp: 10_000 }, 1000, 100, 7400],
  ])('%s', (_what, rates, prompt, completion, expected) => {
    expect(costMicros(rates, { promptTokens: prompt, completionTokens: completion, cachedTokens: 0 })).toBe(expected);
  });

  it('the hold of a markup-priced call is the worst case with the markup', () => {
    expect(worstCaseMicros({ inputPerMillion: 1_000_000, cachedInputPerMillion: 0, outputPerMillion: 2_000_000, markupBp: 2500 }, 100, 50)).toBe(250);
  });
});
