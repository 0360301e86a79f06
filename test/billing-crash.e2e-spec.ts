import { randomUUID } from 'node:crypto';
import { Streams, streamName, usageBatchId, UsageRecorded } from '@tollgate/contracts';
import { Bus } from '@tollgate/messaging';
import { USAGE_DURABLE } from '../apps/billing/src/usage/usage.consumer';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { BillingChild, billingChild, BillingDb, buildDist, usageEvent, waitUntil } from './support/billing-stack';

jest.setTimeout(180_000);

const PRICE = { input: 1_234_567n, cached: 123_457n, output: 3_333_333n };
const expectedCost = (e: UsageRecorded) => {
  const total = BigInt(e.promptTokens - e.cachedTokens) * PRICE.input + BigInt(e.cachedTokens) * PRICE.cached + BigInt(e.completionTokens) * PRICE.output;
  return (total + 999_999n) / 1_000_000n;
};

describe('billing: a kill -9 mid-burst loses nothing and double-charges nothing', () => {
  let env: TestEnv;
  let bus: Bus;
  let db: BillingDb;
  let child: BillingChild | undefined;
  const tenants = [randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    buildDist();
    env = await createTestEnv();
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-gateway' });
    db = await BillingDb.open(env);
  });

  afterAll(async () => {
    await child?.kill('SIGTERM');
    await bus?.close();
    await db?.close();
    await env?.drop();
  });

  it('every request id is debited exactly once and the ledger sums to the costs', async () => {
    const overrides = { USAGE_ACK_WAIT_MS: '2000', LOG_LEVEL: 'warn' };
    child = await billingChild(env, overrides);
    const res = await fetch(`${child.url}/admin/prices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'tollgate-fast',
        inputPerMillion: Number(PRICE.input),
        cachedInputPerMillion: Number(PRICE.cached),
        outputPerMillion: Number(PRICE.output),
        effectiveFrom: '2020-01-01T00:00:00Z',
      }),
    });
    expect(res.status).toBe(201);

    const events = Array.from({ length: 300 }, (_, i) =>
      usageEvent(tenants[i % 3], {
        promptTokens: 100 + i * 7,
        cachedTokens: i % 5 === 0 ? 50 : 0,
        completionTokens: 10 + ((i * 13) % 400),
        status: i % 17 === 0 ? 502 : 200,
      }),
    );
    // Gateway batches, as production sends them: the first half while billing books, the rest while it is dead.
    const publish = async (list: typeof events) => {
      for (let i = 0; i < list.length; i += 10) {
        const batch = list.slice(i, i + 10);
        await bus.publishDurable('usageBatch', { events: batch }, usageBatchId(batch));
      }
    };
    const firstHalf = publish(events.slice(0, 150));
    await waitUntil(async () => (await db.count('usage_records')) >= 40, 30_000, 'first bookings');
    await child.kill('SIGKILL');
    await firstHalf;
    const atKill = await db.count('usage_records');
    await publish(events.slice(150));
    expect(atKill).toBeLessThan(events.length);

    // Some events published again with fresh message ids (as after a gateway retry outside the dedupe window).
    for (const e of events.slice(0, 20)) await bus.publishDurable('usageRecorded', e, `${e.requestId}:again`);

    child = await billingChild(env, overrides);
    await waitUntil(async () => (await db.count('usage_records')) === events.length, 90_000, 'all 300 booked');
    // Every delivery, redeliveries of what the killed process held included, acknowledged: nothing more can reach the ledger.
    const jsm = await bus.nc.jetstreamManager();
    const stream = streamName(env.natsPrefix, Streams.usage.name);
    await waitUntil(
      async () => {
        const c = await jsm.consumers.info(stream, USAGE_DURABLE);
        return c.num_ack_pending === 0 && c.num_pending === 0;
      },
      30_000,
      'every delivery acknowledged',
    );

    const debits = await db.query<{ request_id: string; n: string }>(
      `SELECT request_id, COUNT(*)::text AS n FROM ledger_transactions WHERE kind = 'usage' GROUP BY request_id`,
    );
    const charged = events.filter((e) => expectedCost(e) > 0n);
    expect(debits).toHaveLength(charged.length);
    expect(debits.every((d) => d.n === '1')).toBe(true);
    expect(await db.count('usage_records')).toBe(events.length);
    expect(await db.count('parked_usage')).toBe(0);
    for (const t of tenants) {
      const want = events.filter((e) => e.tenantId === t).reduce((s, e) => s + expectedCost(e), 0n);
      expect(await db.entrySum(t)).toBe(-want);
      expect(await db.cachedBalance(t)).toBe(-want);
    }
  });
});
