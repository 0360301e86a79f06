import type { Price, PricesSnapshotReply, Principal, UsageRecorded } from '@tollgate/contracts';
import type { Bus } from '@tollgate/messaging';
import { PricesService as BillingPrices } from '../apps/billing/src/prices/prices.service';
import type { PricesRepository } from '../apps/billing/src/prices/prices.repository';
import type { PriceSetRepository } from '../apps/billing/src/prices/price-set.repository';
import type { CreditSyncService } from '../apps/billing/src/ledger/credit-sync.service';
import type { PricedUsage, UsageBookingRepository } from '../apps/billing/src/usage/usage-booking.repository';
import { UsageService } from '../apps/billing/src/usage/usage.service';
import type { UsageMetrics } from '../apps/billing/src/usage/usage.metrics';
import type { ResolvedTarget } from '../apps/gateway/src/catalog/catalog.service';
import type { GatewayConfig } from '../apps/gateway/src/config';
import { PricesService as GatewayPrices } from '../apps/gateway/src/metering/prices.service';
import type { HoldKeeper } from '../apps/gateway/src/metering/hold-keeper';
import { MeteringService, MeteredCall } from '../apps/gateway/src/metering/metering.service';
import type { UsagePublisher } from '../apps/gateway/src/metering/usage.publisher';

/**
 * The gateway prices a call when it answers (the `cost_micros` a caller sees, the hold it settles);
 * billing prices the same call again from its own price list when it books it. Both must come to
 * the same micro-unit for every call, or a customer's receipts disagree with the ledger. Pure: the
 * two services run in this process on one price list, with no database, Redis or NATS.
 */
const TENANT = '00000000-0000-4000-8000-000000000001';
const principal: Principal = {
  tenantId: TENANT,
  keyId: '00000000-0000-4000-8000-0000000000aa',
  label: 'agreement',
  scopes: ['chat:write'],
  models: [],
  expiresAt: null,
  limits: { keyRpm: null, keyTpm: null, tenantRpm: null, tenantTpm: null },
};

let n = 0;
const price = (over: Partial<Price>): Price => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  model: 'fast',
  provider: null,
  upstreamModel: null,
  inputPerMillion: 2_000_000,
  cachedInputPerMillion: 500_000,
  outputPerMillion: 8_000_000,
  maxOutputTokens: 4096,
  effectiveFrom: '2026-01-01T00:00:00.000Z',
  ...over,
});

const PRICES: Price[] = [
  price({}),
  // A price change on 1 March: calls before it keep the old price on both sides.
  price({ inputPerMillion: 3_000_000, effectiveFrom: '2026-03-01T00:00:00.000Z' }),
  price({ provider: 'anthropic', inputPerMillion: 3, cachedInputPerMillion: 1, outputPerMillion: 7 }),
  price({ provider: 'openai', upstreamModel: 'gpt-4.1-mini', inputPerMillion: 400_000, cachedInputPerMillion: 100_000, outputPerMillion: 1_600_000 }),
  price({ model: 'free', inputPerMillion: 0, cachedInputPerMillion: 0, outputPerMillion: 0 }),
];

/**
 * The sale side: tenant TIERED is on a 25 % markup tier from 1 Feb and, from 1 May, on a tier
 * that has its own price for `fast` (and no markup). TENANT has no tier (the table above).
 */
const TIERED = '00000000-0000-4000-8000-000000000002';
const MARKUP = '00000000-0000-4000-8000-0000000000b1';
const OWN = '00000000-0000-4000-8000-0000000000b2';
const SET: PricesSnapshotReply = {
  prices: PRICES,
  costPrices: [
    price({ inputPerMillion: 1_000_000, cachedInputPerMillion: 100_000, outputPerMillion: 3_000_000 }),
    price({ provider: 'anthropic', inputPerMillion: 3, cachedInputPerMillion: 1, outputPerMillion: 5 }),
  ],
  tiers: [
    { id: MARKUP, name: 'markup-25', markupBp: 2500 },
    { id: OWN, name: 'own', markupBp: null },
  ],
  tierPrices: [{ ...price({ inputPerMillion: 1_500_000, cachedInputPerMillion: 150_000, outputPerMillion: 5_000_000 }), tierId: OWN }],
  tenantTiers: [
    { tenantId: TIERED, tierId: MARKUP, effectiveFrom: '2026-02-01T00:00:00.000Z' },
    { tenantId: TIERED, tierId: OWN, effectiveFrom: '2026-05-01T00:00:00.000Z' },
  ],
};

// tenant, when, provider, prompt, completion, cached, expected sale micro-units, expected upstream cost
const TIER_TABLE: [string, string, string, string, number, number, number, number, number][] = [
  // cost 1000×1 + 500×3 = 2500 µ → ×1.25 = 3125
  ['a markup tier: cost × 1.25', TIERED, '2026-02-01T12:00:00.000Z', 'azure', 1000, 500, 0, 3125, 2500],
  // cost (7×3 + 1×5)/1e6 exact = 26e-6 µ → ×1.25 = 32.5e-6 → one micro, rounded once on the exact sum
  ['a markup rounds up once on the exact cost', TIERED, '2026-02-01T12:00:00.000Z', 'anthropic', 7, 1, 0, 1, 1],
  // 333 334 × 3 / 1e6 = 1.000002 µ cost → ×1.25 = 1.2500025 → 2 (sale), cost rounds to 2 as well
  ['a markup past a whole micro', TIERED, '2026-03-02T00:00:00.000Z', 'anthropic', 333_334, 0, 0, 2, 2],
  ['before its tier applies, the default list', TIERED, '2026-01-31T23:59:59.999Z', 'azure', 1000, 500, 0, 6000, 2500],
  ['a tier price beats the markup (from its assignment on)', TIERED, '2026-05-01T00:00:00.000Z', 'azure', 1000, 500, 400, 3460, 2140],
  ['a tenant without a tier pays the default list', TENANT, '2026-05-01T00:00:00.000Z', 'azure', 1000, 500, 0, 7000, 2500],
];

const target = (providerName: string, upstreamModel: string): ResolvedTarget =>
  ({
    id: `${providerName}/${upstreamModel}`,
    providerId: providerName,
    providerName,
    providerKind: 'openai',
    baseUrl: 'http://upstream/v1',
    apiKey: null,
    upstreamModel,
    priority: 0,
    weight: 1,
    timeoutMs: null,
  }) as ResolvedTarget;

// model, provider, upstream model, when, prompt, completion, cached, expected micro-units
const TABLE: [string, string, string, string, string, number, number, number, number][] = [
  ['model-wide price', 'fast', 'azure', 'gpt-4.1', '2026-02-01T12:00:00.000Z', 1000, 500, 0, 6000],
  ['cached input at its own price', 'fast', 'azure', 'gpt-4.1', '2026-02-01T12:00:00.000Z', 1000, 500, 400, 5400],
  ['cached beyond the prompt counts as the prompt', 'fast', 'azure', 'gpt-4.1', '2026-02-01T12:00:00.000Z', 100, 0, 500, 50],
  ['the price in force when the call started, after a change', 'fast', 'azure', 'gpt-4.1', '2026-03-01T00:00:00.000Z', 1000, 500, 0, 7000],
  ['the old price for a call a millisecond before the change', 'fast', 'azure', 'gpt-4.1', '2026-02-28T23:59:59.999Z', 1000, 500, 0, 6000],
  ['a target-specific price beats the model-wide one', 'fast', 'openai', 'gpt-4.1-mini', '2026-06-01T00:00:00.000Z', 1000, 500, 200, 1140],
  ['a fraction of a micro-unit is charged as one, rounded once', 'fast', 'anthropic', 'claude', '2026-06-01T00:00:00.000Z', 7, 3, 2, 1],
  ['rounding up, past a whole micro-unit', 'fast', 'anthropic', 'claude', '2026-06-01T00:00:00.000Z', 333_334, 0, 0, 2],
  ['a free model', 'free', 'azure', 'x', '2026-06-01T00:00:00.000Z', 50_000, 50_000, 0, 0],
  ['an unpriced model costs nothing on either side', 'unpriced', 'azure', 'x', '2026-06-01T00:00:00.000Z', 10, 10, 0, 0],
  ['nothing used', 'fast', 'azure', 'gpt-4.1', '2026-06-01T00:00:00.000Z', 0, 0, 0, 0],
];

describe('the gateway and billing cost a call the same', () => {
  let metering: MeteringService;
  let usage: UsageService;
  let published: UsageRecorded[];
  let booked: PricedUsage[];

  beforeAll(async () => {
    const gatewayPrices = new GatewayPrices({} as GatewayConfig, { request: async () => SET } as unknown as Bus);
    await gatewayPrices.refresh();
    const publisher = { record: ({ event }: { event: UsageRecorded }) => Promise.resolve(void published.push(event)) } as unknown as UsagePublisher;
    const keeper = { add: () => undefined, remove: () => undefined } as unknown as HoldKeeper;
    metering = new MeteringService(gatewayPrices, publisher, keeper);

    const billingPrices = new BillingPrices({} as PricesRepository, { load: async () => SET } as unknown as PriceSetRepository, {} as Bus);
    const booking = {
      book: async (_tenant: string, calls: PricedUsage[]) => (booked.push(...calls), { balanceMicros: 0n, version: 1n }),
    } as unknown as UsageBookingRepository;
    const sync = { book: async () => undefined } as unknown as CreditSyncService;
    usage = new UsageService(billingPrices, booking, sync, { booked: () => undefined, failed: () => undefined } as unknown as UsageMetrics);
  });

  beforeEach(() => {
    published = [];
    booked = [];
  });

  it.each(TABLE)('%s', async (_what, model, provider, upstream, at, promptTokens, completionTokens, cachedTokens, expected) => {
    const call: MeteredCall = {
      principal,
      requestId: `req_${++n}`,
      scope: 'chat:write',
      startedAt: Date.parse(at),
      signal: new AbortController().signal,
      model,
      target: target(provider, upstream),
      stream: false,
      holdMicros: 0,
    };
    const tokens = { promptTokens, completionTokens, cachedTokens, estimated: false };

    expect(metering.costOf(call, tokens)).toBe(expected);

    // The event the gateway publishes carries its cost; billing prices it again on its own list.
    await metering.finish(call, 200, tokens);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ costMicros: expected, occurredAt: at, promptTokens, completionTokens, cachedTokens });
    const outcome = await usage.bookBatch(published);
    expect(outcome.refused).toEqual([]);
    expect(booked).toHaveLength(1);
    expect(booked[0]).toMatchObject({ request_id: call.requestId, cost_micros: String(expected), gateway_cost_micros: String(expected) });
  });

  it('books several calls of one batch each at its own price', async () => {
    const events = TABLE.map(([, model, provider, upstream, at, promptTokens, completionTokens, cachedTokens]) => {
      const call: MeteredCall = {
        principal,
        requestId: `req_${++n}`,
        scope: 'chat:write',
        startedAt: Date.parse(at),
        signal: new AbortController().signal,
        model,
        target: target(provider, upstream),
        stream: true,
        holdMicros: 1,
      };
      void metering.finish(call, 200, { promptTokens, completionTokens, cachedTokens, estimated: false });
      return published.at(-1)!;
    });
    await usage.bookBatch(events);
    expect(booked.map((b) => Number(b.cost_micros))).toEqual(TABLE.map((row) => row[8]));
    expect(booked.map((b) => b.gateway_cost_micros)).toEqual(booked.map((b) => b.cost_micros));
  });

  it.each(TIER_TABLE)('%s', async (_what, tenantId, at, provider, promptTokens, completionTokens, cachedTokens, sale, upstream) => {
    const call: MeteredCall = {
      principal: { ...principal, tenantId },
      requestId: `req_${++n}`,
      scope: 'chat:write',
      startedAt: Date.parse(at),
      signal: new AbortController().signal,
      model: 'fast',
      target: target(provider, 'gpt-4.1'),
      stream: false,
      holdMicros: 0,
    };
    const tokens = { promptTokens, completionTokens, cachedTokens, estimated: false };
    expect(metering.costOf(call, tokens)).toBe(sale);
    await metering.finish(call, 200, tokens);
    await usage.bookBatch(published);
    expect(booked).toHaveLength(1);
    expect(booked[0]).toMatchObject({ cost_micros: String(sale), gateway_cost_micros: String(sale), upstream_cost_micros: String(upstream) });
  });
});
