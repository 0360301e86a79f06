import { connect, DiscardPolicy } from 'nats';
import { Streams, streamName } from '@tollgate/contracts';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import type { RunningGateway } from '../apps/gateway/src/bootstrap';
import { AdminClient } from './support/admin-client';
import { BillingDb, billingFor, waitUntil } from './support/billing-stack';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { adminFor, chat, tenantWithKey, TenantFixture } from './support/fixtures';
import { bookedOnce, DatabaseSwitch, loadUntil } from './support/metering-load';
import { gatewayFor, startStack, Stack } from './support/stack';

jest.setTimeout(180_000);

/** A served call is a billed call: under faults, every success the client saw is in the ledger exactly once. */
describe('metering under faults: nothing served goes unbilled, nothing is billed twice', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let db: BillingDb;

  const call =
    (gateway: RunningGateway, key: string, model = 'tollgate-fast') =>
    async () => {
      const r = await chat(gateway.baseUrl, key, { model, messages: [{ role: 'user', content: 'meter me' }] });
      return { status: r.status, requestId: r.headers.get('x-request-id') };
    };
  const allBooked = async (ids: string[], what: string) => {
    await waitUntil(async () => (await bookedOnce(db, ids)).records === ids.length, 60_000, what);
    expect(await bookedOnce(db, ids)).toEqual({ records: ids.length, duplicateDebits: 0 });
  };

  beforeAll(async () => {
    env = await createTestEnv();
    // Keys stay verified in-process through a database outage (auth shares the database).
    stack = await startStack(env, { gatewayEnv: { PRINCIPAL_CACHE_TTL_MS: '600000', USAGE_BUFFER_MAX_EVENTS: '200' } });
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack);
    db = await BillingDb.open(env);
  });

  afterAll(async () => {
    await db?.close();
    await stack?.close();
    await env?.drop();
  });

  it("billing's database unreachable for 30 s under load: every success is booked once it is back", async () => {
    const sw = await DatabaseSwitch.for(env);
    try {
      let phase: 'before' | 'down' | 'after' = 'before';
      const load = loadUntil(() => phase === 'after', 4, call(stack.gateway, t.key));
      await waitUntil(async () => (await db.count('usage_records', 'tenant_id = $1', [t.tenantId])) > 20, 20_000, 'traffic booked before the outage');
      await db.close();
      await sw.off();
      phase = 'down';
      // The outage itself, not a wait for a condition: the database stays unreachable for 30 s under load.
      await new Promise((r) => setTimeout(r, 30_000));
      await sw.on();
      phase = 'after';
      const seen = await load;
      db = await BillingDb.open(env);
      expect(seen.succeeded.length).toBeGreaterThan(100);
      await allBooked(seen.succeeded, 'every success booked after the outage');
      expect(await db.count('parked_usage')).toBe(0);
      expect(await db.cachedBalance(t.tenantId)).toBeGreaterThanOrEqual(0n);
    } finally {
      await sw.close();
    }
  });

  it('the usage stream refusing messages for 10 s: the gateway keeps every event, then refuses new calls (503) rather than serve them unbilled', async () => {
    const nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    const name = streamName(env.natsPrefix, Streams.usage.name);
    const original = (await jsm.streams.info(name)).config;
    try {
      const stored = (await jsm.streams.info(name)).state.messages;
      await jsm.streams.update(name, { ...original, max_msgs: stored, discard: DiscardPolicy.New });
      const refusingSince = Date.now();
      const seen = await loadUntil(() => Date.now() - refusingSince >= 10_000, 4, call(stack.gateway, t.key));
      // Past USAGE_BUFFER_MAX_EVENTS unacknowledged events, metered calls are refused, never served free.
      const refused = await chat(stack.gateway.baseUrl, t.key);
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatchObject({ code: 'billing_unavailable', type: 'service_unavailable' });
      await jsm.streams.update(name, original);
      expect(seen.succeeded.length).toBeGreaterThan(0);
      expect(seen.statuses.get(503)).toBeGreaterThan(0);
      await allBooked(seen.succeeded, 'every success booked once the stream accepts again');
      await waitUntil(async () => (await chat(stack.gateway.baseUrl, t.key)).status === 200, 20_000, 'served again');
    } finally {
      await jsm.streams.update(name, original).catch(() => undefined);
      await nc.close();
    }
  });

  it('a 1 MiB model name is refused with 400 before anything is recorded; the priced calls beside it are booked', async () => {
    const huge = 'm'.repeat(1024 * 1024);
    const results = await Promise.all([
      chat(stack.gateway.baseUrl, t.key, { model: huge, messages: [{ role: 'user', content: 'x' }] }),
      chat(stack.gateway.baseUrl, t.key, { model: 'bad\u0000model', messages: [{ role: 'user', content: 'x' }] }),
      ...Array.from({ length: 10 }, () => chat(stack.gateway.baseUrl, t.key)),
    ]);
    expect(results.slice(0, 2).map((r) => [r.status, r.body.error?.type, r.body.error?.param])).toEqual([
      [400, 'invalid_request_error', 'model'],
      [400, 'invalid_request_error', 'model'],
    ]);
    const served = results.slice(2).map((r) => r.headers.get('x-request-id')!);
    expect(results.slice(2).every((r) => r.status === 200 && Number(r.headers.get('x-tollgate-cost')) > 0)).toBe(true);
    await allBooked(served, 'the calls beside the huge one');
    const [longest] = await db.query<{ n: number | null }>('SELECT MAX(octet_length(model)) AS n FROM usage_records');
    expect(longest.n).toBeLessThanOrEqual(256);
  });

  it('absurd output caps and choice counts are refused with 400 before any hold or upstream call', async () => {
    stack.mock.reset();
    const asks = [{ max_tokens: 5e15 }, { max_completion_tokens: 1_000_001 }, { n: 129 }];
    const results = await Promise.all(
      asks.map((ask) => chat(stack.gateway.baseUrl, t.key, { model: 'tollgate-fast', messages: [{ role: 'user', content: 'x' }], ...ask })),
    );
    expect(results.map((r) => [r.status, r.body.error?.type, r.body.error?.param])).toEqual([
      [400, 'invalid_request_error', 'max_tokens'],
      [400, 'invalid_request_error', 'max_completion_tokens'],
      [400, 'invalid_request_error', 'n'],
    ]);
    expect(stack.mock.requests).toHaveLength(0);
  });

  it('a model with no price is refused with a clear error and never reaches the upstream', async () => {
    await admin.call('gateway', 'POST', `/admin/tenants/${t.tenantId}/models`, { model: 'unpriced', providerId: t.providerId, upstreamModel: 'gpt-4.1-mini' });
    stack.mock.reset();
    const res = await chat(stack.gateway.baseUrl, t.key, { model: 'unpriced', messages: [{ role: 'user', content: 'free?' }] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'model_not_priced', type: 'invalid_request_error', param: 'model' });
    expect(res.body.error!.message).toContain("'unpriced'");
    expect(stack.mock.requests).toHaveLength(0);
    // Priced at 0 on purpose, it is served (and recorded) at no charge.
    await admin.priceModel('unpriced', { inputPerMillion: 0, cachedInputPerMillion: 0, outputPerMillion: 0 });
    const free = await chat(stack.gateway.baseUrl, t.key, { model: 'unpriced', messages: [{ role: 'user', content: 'free now' }] });
    expect([free.status, free.headers.get('x-tollgate-cost')]).toEqual([200, '0']);
  });
});

describe('a gateway started while billing is down', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let rich: TenantFixture;
  let late: RunningGateway | undefined;
  let billing: RunningBilling | undefined;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack, { creditMicros: 50 });
    rich = await tenantWithKey(admin, stack);
  });

  afterAll(async () => {
    await late?.close();
    await billing?.close();
    await stack?.close();
    await env?.drop();
  });

  it('is not ready and serves no metered call (503) until it has prices; then charges them and stops at the balance', async () => {
    await stack.billing.close();
    late = await gatewayFor(env);
    const ready = await fetch(`${late.url}/health/ready`);
    expect(ready.status).toBe(503);
    // The probe names what is missing (and only that): billing's price list.
    expect(JSON.stringify(await ready.json())).toMatch(/The gateway is not ready: prices unavailable\./);
    const refused = await chat(late.baseUrl, t.key);
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'billing_unavailable' });

    billing = await billingFor(env);
    await waitUntil(async () => (await fetch(`${late!.url}/health/ready`)).status === 200, 20_000, 'gateway ready once billing answers');
    // 50 micro-units of credit: each call holds far more (4096 output tokens at 4 USD/M), so none is admitted.
    const results = await Promise.all(Array.from({ length: 20 }, () => chat(late!.baseUrl, t.key)));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(403));
    const paid = await chat(late.baseUrl, rich.key);
    expect(paid.status).toBe(200);
    expect(Number(paid.headers.get('x-tollgate-cost'))).toBeGreaterThan(0);
  });
});
