import { randomUUID } from 'node:crypto';
import { usageBatchId } from '@tollgate/contracts';
import { Bus } from '@tollgate/messaging';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import { BillingDb, billingFor, usageEvent, waitUntil } from './support/billing-stack';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';

describe('two billing replicas on one durable consumer', () => {
  let env: TestEnv;
  let replicas: RunningBilling[] = [];
  let bus: Bus;
  let db: BillingDb;

  beforeAll(async () => {
    env = await createTestEnv();
    replicas = [await billingFor(env), await billingFor(env)];
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-gateway' });
    db = await BillingDb.open(env);
    const res = await fetch(`${replicas[0].url}/admin/prices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'tollgate-fast',
        inputPerMillion: 1_000_000,
        cachedInputPerMillion: 250_000,
        outputPerMillion: 4_000_000,
        effectiveFrom: '2020-01-01T00:00:00Z',
      }),
    });
    expect(res.status).toBe(201);
  });

  afterAll(async () => {
    await bus?.close();
    for (const r of replicas) await r.close();
    await db?.close();
    await env?.drop();
  });

  it('share the work and never book a request twice, even when the same events arrive in different messages', async () => {
    const tenants = [randomUUID(), randomUUID(), randomUUID()];
    const events = Array.from({ length: 1200 }, (_, i) => usageEvent(tenants[i % 3], { promptTokens: 100 + i, completionTokens: 10 + (i % 50) }));
    const sends: Promise<void>[] = [];
    for (let i = 0; i < events.length; i += 20) {
      const batch = events.slice(i, i + 20);
      sends.push(bus.publishDurable('usageBatch', { events: batch }, usageBatchId(batch)));
      // The same events again, cut differently (as after a gateway restart re-published its journal).
      const again = events.slice(i + 5, i + 25);
      sends.push(bus.publishDurable('usageBatch', { events: again }, `again:${usageBatchId(again)}`));
    }
    await Promise.all(sends);
    await waitUntil(async () => (await db.count('usage_records')) === events.length, 30_000, 'all booked');
    const [{ n }] = await db.query<{ n: string }>(
      `SELECT COUNT(*)::text AS n FROM (SELECT request_id FROM ledger_transactions GROUP BY request_id HAVING COUNT(*) > 1) d`,
    );
    expect(n).toBe('0');
    expect(await db.count('ledger_transactions', "kind = 'usage'")).toBe(events.length);
    for (const t of tenants) {
      const want = events
        .filter((e) => e.tenantId === t)
        .reduce((s, e) => s + BigInt(Math.ceil((e.promptTokens * 1_000_000 + e.completionTokens * 4_000_000) / 1_000_000)), 0n);
      expect(await db.entrySum(t)).toBe(-want);
      expect(await db.cachedBalance(t)).toBe(-want);
    }
    expect(await db.count('parked_usage')).toBe(0);
  });
});
