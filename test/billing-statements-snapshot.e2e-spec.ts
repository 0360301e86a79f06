import { randomUUID } from 'node:crypto';
import type { Statement, UsageRecorded } from '@tollgate/contracts';
import { usageBatchId } from '@tollgate/contracts';
import { Bus } from '@tollgate/messaging';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { BillingDb, billingFor, everyTenantKnown, publishUsage, usageEvent, waitUntil } from './support/billing-stack';

/** What a reader of the statement checks: the debits total is exactly the sum of its lines. */
const linesSum = (s: Statement) => s.usage.reduce((n, u) => n + u.costMicros, 0) + s.debits.reduce((n, d) => n + d.amountMicros, 0);

describe('billing: statements read one consistent snapshot, usage by when the call happened', () => {
  let env: TestEnv;
  let billing: RunningBilling;
  let bus: Bus;
  let db: BillingDb;
  const month = new Date().toISOString().slice(0, 7);

  const admin = (path: string, body?: unknown) =>
    fetch(`${billing.url}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${env.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  const statement = async (tenantId: string, m: string): Promise<Statement> => {
    const reply = await bus.request('statementGet', { tenantId, month: m, format: 'json' }, 5000);
    if (reply.format !== 'json') throw new Error('expected json');
    return reply.statement;
  };
  const booked = (tenantId: string) => db.count('usage_records', 'tenant_id = $1', [tenantId]);

  beforeAll(async () => {
    env = await createTestEnv();
    billing = await billingFor(env);
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-gateway' });
    everyTenantKnown(bus);
    db = await BillingDb.open(env);
    // In force long before any call of these tests, so a late event of last month is priced too.
    const price = {
      model: 'tollgate-fast',
      inputPerMillion: 1_234_567,
      cachedInputPerMillion: 123_457,
      outputPerMillion: 3_333_333,
      effectiveFrom: '2020-01-01T00:00:00Z',
    };
    expect((await admin('/admin/prices', price)).status).toBe(201);
  });

  afterAll(async () => {
    await bus?.close();
    await billing?.close();
    await db?.close();
    await env?.drop();
  });

  it('while usage is booked concurrently, every statement has debits equal to the sum of its lines', async () => {
    const tenant = randomUUID();
    expect((await admin(`/admin/tenants/${tenant}/credits`, { amountMicros: 1_000_000_000_000, reason: 'load test funds' })).status).toBe(201);
    expect((await admin(`/admin/tenants/${tenant}/credits`, { amountMicros: -1_000_003, reason: 'an adjustment among the debits' })).status).toBe(201);
    const batches: UsageRecorded[][] = Array.from({ length: 150 }, (_, b) =>
      Array.from({ length: 10 }, (_, i) => usageEvent(tenant, { promptTokens: 100 + b, completionTokens: 10 + i })),
    );
    const total = batches.length * batches[0].length;

    const publishing = (async () => {
      for (const events of batches) await bus.publishDurable('usageBatch', { events }, usageBatchId(events));
    })();
    let allBooked = false;
    const watching = waitUntil(async () => (await booked(tenant)) === total, 60_000, 'every call booked').then(() => (allBooked = true));
    const seen: Statement[] = [];
    const reader = async () => {
      let last = false;
      while (!last) {
        last = allBooked; // one more read after the last booking
        seen.push(await statement(tenant, month));
      }
    };
    await Promise.all([publishing, watching, reader(), reader(), reader(), reader()]);

    const inconsistent = seen.filter((s) => s.debitsMicros !== linesSum(s)).map((s) => ({ debits: s.debitsMicros, lines: linesSum(s) }));
    expect(inconsistent).toEqual([]);
    // The reads really overlapped the booking: they saw many different totals on the way.
    expect(new Set(seen.map((s) => s.debitsMicros)).size).toBeGreaterThan(10);
    const last = await statement(tenant, month);
    expect(last.usage.reduce((n, u) => n + u.requests, 0)).toBe(total);
    expect(BigInt(last.closingBalanceMicros)).toBe(await db.entrySum(tenant));
  }, 120_000);

  describe('a call at 23:59:59.900 UTC on the last day of last month, booked now', () => {
    const tenant = randomUUID();
    const now = new Date();
    const lastDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)); // day 0 = the last day of the month before
    const prev = lastDay.toISOString().slice(0, 7);
    const late = usageEvent(tenant, { occurredAt: `${lastDay.toISOString().slice(0, 10)}T23:59:59.900Z`, promptTokens: 4321, completionTokens: 1234 });

    beforeAll(async () => {
      expect((await admin(`/admin/tenants/${tenant}/credits`, { amountMicros: 50_000_000, reason: 'funds' })).status).toBe(201);
      await publishUsage(bus, [late]);
      await waitUntil(async () => (await booked(tenant)) === 1, 10_000, 'the late call booked');
    });

    it("is in last month's statement (by its occurredAt), not this month's; last month is listed as active", async () => {
      const [record] = await db.query<{ cost: string }>('SELECT cost_micros::text AS cost FROM usage_records WHERE request_id = $1', [late.requestId]);
      expect(Number(record.cost)).toBeGreaterThan(0);
      const last = await statement(tenant, prev);
      expect(last.usage).toEqual([
        {
          day: lastDay.toISOString().slice(0, 10),
          model: 'tollgate-fast',
          requests: 1,
          promptTokens: 4321,
          completionTokens: 1234,
          cachedTokens: 0,
          costMicros: Number(record.cost),
        },
      ]);
      expect((await statement(tenant, month)).usage).toEqual([]);
      const invoices = await bus.request('invoicesList', { tenantId: tenant }, 5000);
      expect(invoices.data.filter((i) => i.kind === 'monthly_statement').map((i) => i.period)).toEqual([month, prev]);
    });

    it('its debit falls in the same month, so both statements still agree with their lines and with the ledger', async () => {
      const last = await statement(tenant, prev);
      const current = await statement(tenant, month);
      expect(last.debitsMicros).toBe(linesSum(last));
      expect(last.debitsMicros).toBe(last.usage[0].costMicros);
      expect(current.debitsMicros).toBe(linesSum(current));
      expect(current.openingBalanceMicros).toBe(last.closingBalanceMicros);
      expect(BigInt(current.closingBalanceMicros)).toBe(await db.entrySum(tenant));
    });
  });
});
