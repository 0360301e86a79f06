import OpenAI from 'openai';
import { PricesService as GatewayPrices } from '../apps/gateway/src/metering/prices.service';
import { importCatalogFile } from '../scripts/prices-import';
import { AdminClient, TEST_PRICE } from './support/admin-client';
import { BillingDb } from './support/billing-stack';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

/** What upstreams charge for `tier-model` in these tests: odd rates, so that rounding shows. */
const COST = { inputPerMillion: 333_333, cachedInputPerMillion: 100_000, outputPerMillion: 1_234_567 };
type Rates = typeof COST;
const MODEL = 'tier-model';

/** Independent of the implementation: Σ tokens × rate, × (10 000 + bp) / 10 000, rounded up once to the micro. */
function expectedMicros(r: Rates, u: { prompt: number; completion: number; cached: number }, markupBp = 0): bigint {
  const raw =
    BigInt(u.prompt - u.cached) * BigInt(r.inputPerMillion) +
    BigInt(u.cached) * BigInt(r.cachedInputPerMillion) +
    BigInt(u.completion) * BigInt(r.outputPerMillion);
  const num = raw * BigInt(10_000 + markupBp);
  const den = 1_000_000n * 10_000n;
  return (num + den - 1n) / den;
}

interface Booked {
  cost_micros: string;
  upstream_cost_micros: string;
  tier_id: string | null;
  cost_price_id: string | null;
  price_id: string | null;
}

describe('price tiers and margins: sale prices by tier, cost prices, the margin report, the catalog import', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let db: BillingDb;
  let gatewayPrices: GatewayPrices;
  let costPriceId: string;
  let markupTier: string;
  let pricedTier: string;
  let tierPriceId: string;
  const month = new Date().toISOString().slice(0, 7);
  const TIER_PRICE = { inputPerMillion: 3_000_000, cachedInputPerMillion: 1_000_000, outputPerMillion: 6_000_001 };

  const billing = <T>(method: string, path: string, body?: unknown) => admin.call<T>('billing', method, path, body);

  /** Until the gateway's snapshot prices `tenantId`'s calls at `at` by `source` (tier changes are announced, then fetched). */
  const gatewaySees = async (tenantId: string, model: string, source: string, tierId: string | null, at = new Date()) => {
    const sale = await eventually(
      () => Promise.resolve(gatewayPrices.saleOf(tenantId, model, null, null, at)),
      (s) => s?.source === source && s.tierId === tierId,
    );
    expect(sale).toMatchObject({ source, tierId });
  };

  /** One official-SDK call; its tokens, the cost the gateway showed, and the usage line billing booked for it. */
  const call = async (t: TenantFixture, model = MODEL, content = 'one two three four five six seven eight nine ten') => {
    const client = new OpenAI({ apiKey: t.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    const { data, response } = await client.chat.completions.create({ model, max_tokens: 7, messages: [{ role: 'user', content }] }).withResponse();
    const requestId = response.headers.get('x-tollgate-request-id')!;
    const usage = {
      prompt: data.usage!.prompt_tokens,
      completion: data.usage!.completion_tokens,
      cached: data.usage!.prompt_tokens_details?.cached_tokens ?? 0,
    };
    const rows = await eventually(
      () =>
        db.query<Booked & Record<string, unknown>>(
          'SELECT cost_micros::text, upstream_cost_micros::text, tier_id::text, cost_price_id::text, price_id::text FROM usage_records WHERE request_id = $1',
          [requestId],
        ),
      (r) => r.length === 1,
    );
    expect(rows).toHaveLength(1);
    return { usage, shown: BigInt(response.headers.get('x-tollgate-cost')!), booked: rows[0] };
  };

  const assign = async (tenantId: string, tierId: string | null, effectiveFrom?: string) => {
    const res = await billing<{ id: string }>('POST', `/admin/tenants/${tenantId}/tier`, { tierId, ...(effectiveFrom ? { effectiveFrom } : {}) });
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    db = await BillingDb.open(env);
    gatewayPrices = stack.gateway.app.get(GatewayPrices);
    const cost = await billing<{ id: string; status: string; createdBy: string }>('POST', '/admin/cost-prices', {
      model: MODEL,
      ...COST,
      effectiveFrom: '2020-01-01T00:00:00Z',
    });
    expect(cost).toMatchObject({ status: 201, body: { status: 'accepted' } });
    costPriceId = cost.body.id;
    const markup = await billing<{ id: string; markupBp: number; createdBy: string }>('POST', '/admin/tiers', { name: 'resale-25', markupBp: 2500 });
    expect(markup).toMatchObject({ status: 201, body: { markupBp: 2500 } });
    expect(markup.body.createdBy).toBeTruthy();
    markupTier = markup.body.id;
    pricedTier = (await billing<{ id: string }>('POST', '/admin/tiers', { name: 'enterprise', markupBp: 5000 })).body.id;
    const tp = await billing<{ id: string }>('POST', `/admin/tiers/${pricedTier}/prices`, {
      model: MODEL,
      ...TIER_PRICE,
      effectiveFrom: '2020-01-01T00:00:00Z',
    });
    expect(tp.status).toBe(201);
    tierPriceId = tp.body.id;
  });

  afterAll(async () => {
    await db?.close();
    await stack?.close();
    await env?.drop();
  });

  it('a tenant on a 25 % markup tier: x-tollgate-cost = cost × 1.25 rounded up = the booked line = the statement; the margin report has revenue, cost and margin exactly', async () => {
    const t = await tenantWithKey(admin, stack, { name: 'reseller-customer', models: [MODEL] });
    await assign(t.tenantId, markupTier);
    await gatewaySees(t.tenantId, MODEL, 'markup', markupTier);

    const calls = [await call(t), await call(t, MODEL, 'a b c')];
    let revenue = 0n;
    let upstream = 0n;
    for (const c of calls) {
      const sale = expectedMicros(COST, c.usage, 2500);
      const cost = expectedMicros(COST, c.usage);
      expect(c.shown).toBe(sale);
      expect(sale).not.toBe(expectedMicros(TEST_PRICE, c.usage)); // not the default list
      expect(c.booked).toEqual({
        cost_micros: String(sale),
        upstream_cost_micros: String(cost),
        tier_id: markupTier,
        cost_price_id: costPriceId,
        price_id: null,
      });
      revenue += sale;
      upstream += cost;
    }

    const statement = await billing<{ usage: { model: string; costMicros: number }[]; debitsMicros: number }>(
      'GET',
      `/admin/tenants/${t.tenantId}/statements/${month}`,
    );
    expect(statement.status).toBe(200);
    expect(statement.body.usage.filter((u) => u.model === MODEL).reduce((s, u) => s + BigInt(u.costMicros), 0n)).toBe(revenue);
    expect(JSON.stringify(statement.body)).not.toMatch(/upstream|costPrice/i); // cost appears only in the margin report

    const report = await billing<{ lines: Record<string, unknown>[] }>('GET', `/admin/reports/margins?month=${month}`);
    expect(report.status).toBe(200);
    const margin = revenue - upstream;
    const hundredths = (margin * 10_000n * 2n + revenue) / (2n * revenue); // half up, margin ≥ 0
    expect(report.body.lines.filter((l) => l.tenantId === t.tenantId)).toEqual([
      expect.objectContaining({
        tenantId: t.tenantId,
        model: MODEL,
        calls: 2,
        totalTokens: calls.reduce((s, c) => s + c.usage.prompt + c.usage.completion, 0),
        revenueMicros: Number(revenue),
        costMicros: Number(upstream),
        marginMicros: Number(margin),
        marginPercent: `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`,
      }),
    ]);
    const all = await billing<{
      lines: { revenueMicros: number; costMicros: number }[];
      totals: { revenueMicros: number; costMicros: number; marginMicros: number };
    }>('GET', `/admin/reports/margins?month=${month}`);
    const totalRevenue = all.body.lines.reduce((s, l) => s + l.revenueMicros, 0);
    const totalCost = all.body.lines.reduce((s, l) => s + l.costMicros, 0);
    expect(all.body.totals).toMatchObject({ revenueMicros: totalRevenue, costMicros: totalCost, marginMicros: totalRevenue - totalCost });
    expect((await billing('GET', '/admin/reports/margins?month=2026-13')).status).toBe(400);
    const csv = await fetch(`${stack.billing.url}/admin/reports/margins?month=${month}&format=csv`, { headers: { authorization: `Bearer ${env.adminToken}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe(
      'tenant_id,model,calls,prompt_tokens,completion_tokens,cached_tokens,total_tokens,revenue_micros,cost_micros,margin_micros,margin_percent,uncosted_calls',
    );
    expect(text).toContain(`${t.tenantId},${MODEL},2,`);
    expect(text).toContain(`,${revenue},${upstream},${margin},`);
  });

  it("a tier's own per-model price overrides its markup", async () => {
    const t = await tenantWithKey(admin, stack, { name: 'enterprise-customer', models: [MODEL] });
    await assign(t.tenantId, pricedTier);
    await gatewaySees(t.tenantId, MODEL, 'tier_price', pricedTier);
    const c = await call(t);
    const sale = expectedMicros(TIER_PRICE, c.usage);
    expect(c.shown).toBe(sale);
    expect(sale).not.toBe(expectedMicros(COST, c.usage, 5000));
    expect(c.booked).toEqual({
      cost_micros: String(sale),
      upstream_cost_micros: String(expectedMicros(COST, c.usage)),
      tier_id: pricedTier,
      cost_price_id: costPriceId,
      price_id: tierPriceId,
    });
  });

  it("a tier change effective tomorrow does not change today's calls", async () => {
    const t = await tenantWithKey(admin, stack, { name: 'changing-customer', models: [MODEL] });
    await assign(t.tenantId, markupTier);
    const tomorrow = new Date(Date.now() + 86_400_000);
    await assign(t.tenantId, pricedTier, tomorrow.toISOString());
    await gatewaySees(t.tenantId, MODEL, 'tier_price', pricedTier, tomorrow);
    await gatewaySees(t.tenantId, MODEL, 'markup', markupTier);

    const c = await call(t);
    expect(c.shown).toBe(expectedMicros(COST, c.usage, 2500));
    expect(c.booked).toMatchObject({ cost_micros: String(c.shown), tier_id: markupTier });
    const view = await billing<{ current: { tierId: string }; history: { tierId: string; effectiveFrom: string }[] }>(
      'GET',
      `/admin/tenants/${t.tenantId}/tier`,
    );
    expect(view.body.current.tierId).toBe(markupTier);
    expect(view.body.history.map((h) => h.tierId)).toEqual([markupTier, pricedTier]);
  });

  it('a tenant without a tier is priced by the default list, as before (its upstream cost still recorded)', async () => {
    const t = await tenantWithKey(admin, stack, { name: 'plain-customer', models: [MODEL] });
    const c = await call(t);
    expect(c.shown).toBe(expectedMicros(TEST_PRICE, c.usage));
    expect(c.booked).toMatchObject({
      cost_micros: String(c.shown),
      upstream_cost_micros: String(expectedMicros(COST, c.usage)),
      tier_id: null,
      cost_price_id: costPriceId,
    });
    expect(c.booked.price_id).not.toBeNull();
  });

  it('the LiteLLM import proposes cost prices that change nothing until an admin accepts them', async () => {
    const t = await tenantWithKey(admin, stack, { name: 'import-customer', models: ['tiers-imported'] });
    await assign(t.tenantId, markupTier);
    // On a markup tier, but the model has no accepted cost price: the default list.
    await gatewaySees(t.tenantId, 'tiers-imported', 'default', markupTier);

    const first = await importCatalogFile('test/fixtures/litellm-prices.json', { databaseUrl: env.databaseUrl, actor: 'e2e-import' });
    expect(first).toMatchObject({ proposed: 2, unchanged: 0, skipped: [expect.objectContaining({ key: 'tiers-image-model' })] });
    expect(await importCatalogFile('test/fixtures/litellm-prices.json', { databaseUrl: env.databaseUrl })).toMatchObject({ proposed: 0, unchanged: 2 });

    const proposed = await billing<{
      data: {
        id: string;
        model: string;
        status: string;
        createdBy: string;
        inputPerMillion: number;
        cachedInputPerMillion: number;
        outputPerMillion: number;
        maxOutputTokens: number;
      }[];
    }>('GET', '/admin/cost-prices?status=proposed');
    const byModel = new Map(proposed.body.data.map((p) => [p.model, p]));
    // 2e-07, 5e-08, 8e-07 $/token in micro-units per million tokens, exactly.
    expect(byModel.get('tiers-imported')).toMatchObject({
      status: 'proposed',
      createdBy: 'e2e-import',
      inputPerMillion: 200_000,
      cachedInputPerMillion: 50_000,
      outputPerMillion: 800_000,
      maxOutputTokens: 16384,
    });
    expect(byModel.get('tiers-imported-large')).toMatchObject({ inputPerMillion: 2_500_000, cachedInputPerMillion: 2_500_000, outputPerMillion: 10_000_000 });

    // Proposed: still the default list, at the gateway and in the books.
    const before = await call(t, 'tiers-imported');
    expect(before.shown).toBe(expectedMicros(TEST_PRICE, before.usage));
    expect(before.booked).toMatchObject({ cost_micros: String(before.shown), upstream_cost_micros: '0', cost_price_id: null });

    const accepted = await billing<{ status: string; reviewedBy: string }>('POST', `/admin/cost-prices/${byModel.get('tiers-imported')!.id}/accept`, {});
    expect(accepted).toMatchObject({ status: 200, body: { status: 'accepted' } });
    expect(accepted.body.reviewedBy).toBeTruthy();
    const rejected = await billing<{ status: string }>('POST', `/admin/cost-prices/${byModel.get('tiers-imported-large')!.id}/reject`);
    expect(rejected).toMatchObject({ status: 200, body: { status: 'rejected' } });
    expect((await billing('POST', `/admin/cost-prices/${byModel.get('tiers-imported-large')!.id}/accept`, {})).status).toBe(400);

    await gatewaySees(t.tenantId, 'tiers-imported', 'markup', markupTier);
    const after = await call(t, 'tiers-imported');
    const imported = { inputPerMillion: 200_000, cachedInputPerMillion: 50_000, outputPerMillion: 800_000 };
    expect(after.shown).toBe(expectedMicros(imported, after.usage, 2500));
    expect(after.booked).toMatchObject({ cost_micros: String(after.shown), upstream_cost_micros: String(expectedMicros(imported, after.usage)) });
  });

  it('admin writes are refused without a token, and a cost price in force cannot be deleted', async () => {
    expect((await admin.withToken('').call('billing', 'POST', '/admin/tiers', { name: 'x', markupBp: 1 })).status).toBe(401);
    expect((await billing('DELETE', `/admin/cost-prices/${costPriceId}`)).status).toBe(400);
    expect((await billing('POST', '/admin/tiers', { name: 'resale-25', markupBp: 10 })).status).toBe(400);
    expect((await billing('DELETE', `/admin/tiers/${markupTier}`)).status).toBe(400);
  });

  it('a price change dated in the past is a 400 where a price was in force then (it would re-price calls served, not yet booked); a gap may be filled', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const rates = { inputPerMillion: 1, cachedInputPerMillion: 0, outputPerMillion: 1 };
    const refused = async (path: string, body: unknown) => {
      const res = await billing<{ error: { message: string } }>('POST', path, body);
      expect({ path, status: res.status, says: res.body.error?.message }).toEqual({ path, status: 400, says: expect.stringContaining('re-price') });
    };
    expect((await billing('POST', '/admin/prices', { model: 'backfilled', ...rates, effectiveFrom: '2020-01-01T00:00:00Z' })).status).toBe(201);
    await refused('/admin/prices', { model: 'backfilled', ...rates, effectiveFrom: past });
    expect((await billing('POST', '/admin/prices', { model: 'backfilled', ...rates, effectiveFrom: new Date(Date.now() + 60_000).toISOString() })).status).toBe(
      201,
    );
    expect((await billing('POST', '/admin/prices', { model: 'backfilled', ...rates })).status).toBe(201);
    await refused('/admin/cost-prices', { model: MODEL, ...COST, effectiveFrom: past });
    await refused(`/admin/tiers/${pricedTier}/prices`, { model: MODEL, ...TIER_PRICE, effectiveFrom: past });
    // A tier with a tenant on it: a new model's price there would re-price that tenant's calls.
    await refused(`/admin/tiers/${markupTier}/prices`, { model: 'backfilled', ...rates, effectiveFrom: past });
    const t = await tenantWithKey(admin, stack, { name: 'backdated-customer', models: [MODEL] });
    await refused(`/admin/tenants/${t.tenantId}/tier`, { tierId: markupTier, effectiveFrom: past });
  });
});
