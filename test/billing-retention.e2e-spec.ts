import { randomUUID } from 'node:crypto';
import { Bus } from '@tollgate/messaging';
import type { Statement } from '@tollgate/contracts';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { BillingDb, billingFor, publishUsage, usageEvent, waitUntil } from './support/billing-stack';

const DAY_MS = 86_400_000;

/** Request logs (usage records) can be deleted, by retention or an admin's erasure; the ledger cannot. */
describe('billing: request-log retention and erasure, an append-only ledger', () => {
  let env: TestEnv;
  let billing: RunningBilling;
  let bus: Bus;
  let db: BillingDb;
  const admin = (path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) =>
    fetch(`${billing.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.token === null ? {} : { authorization: `Bearer ${init.token ?? env.adminToken}` }),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
  const records = (tenantId: string) => db.count('usage_records', 'tenant_id = $1', [tenantId]);
  const debits = (requestId: string) => db.count('ledger_transactions', 'request_id = $1', [requestId]);
  const booked = (requestId: string) => async () => (await db.count('usage_records', 'request_id = $1', [requestId])) === 1;
  const statement = async (tenantId: string, month: string) => (await (await admin(`/admin/tenants/${tenantId}/statements/${month}`)).json()) as Statement;

  beforeAll(async () => {
    env = await createTestEnv();
    billing = await billingFor(env, { REQUEST_LOG_RETENTION_DAYS: '365', REQUEST_LOG_RETENTION_SWEEP_MS: '200' });
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-gateway' });
    db = await BillingDb.open(env);
    // 1 USD / M input, 4 USD / M output: 1000 in + 500 out = 3000 micro-units.
    const res = await admin('/admin/prices', {
      method: 'POST',
      body: {
        model: 'tollgate-fast',
        inputPerMillion: 1_000_000,
        cachedInputPerMillion: 250_000,
        outputPerMillion: 4_000_000,
        effectiveFrom: '2020-01-01T00:00:00Z',
      },
    });
    expect(res.status).toBe(201);
  });

  afterAll(async () => {
    await bus?.close();
    await billing?.close();
    await db?.close();
    await env?.drop();
  });

  it('deletes request logs past REQUEST_LOG_RETENTION_DAYS and keeps every ledger line', async () => {
    const tenant = randomUUID();
    const old = usageEvent(tenant, { occurredAt: new Date(Date.now() - 400 * DAY_MS).toISOString() });
    const recent = usageEvent(tenant, { occurredAt: new Date(Date.now() - 300 * DAY_MS).toISOString() });
    await publishUsage(bus, [old, recent]);
    await waitUntil(async () => (await debits(old.requestId)) === 1 && (await booked(recent.requestId)()), 10_000, 'both booked');
    await waitUntil(async () => (await db.count('usage_records', 'request_id = $1', [old.requestId])) === 0, 10_000, 'old record deleted by retention');
    expect(await db.count('usage_records', 'request_id = $1', [recent.requestId])).toBe(1);
    expect(await debits(old.requestId)).toBe(1);
    expect(await db.count('ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id', 't.tenant_id = $1', [tenant])).toBe(4);
    expect(await db.entrySum(tenant)).toBe(-6000n);
  });

  it('erases a tenant’s request logs on request; statements still add up, from the ledger', async () => {
    const now = new Date();
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const inMonth = new Date(`${month}-10T12:00:00Z`).toISOString();
    const tenant = randomUUID();
    const other = randomUUID();
    const charged = [usageEvent(tenant, { occurredAt: inMonth }), usageEvent(tenant, { occurredAt: inMonth })];
    const free = usageEvent(tenant, { occurredAt: inMonth, status: 502, promptTokens: 0, completionTokens: 0 });
    const thisMonth = usageEvent(tenant);
    const others = usageEvent(other, { occurredAt: inMonth });
    await publishUsage(bus, [...charged, free, thisMonth, others]);
    for (const e of [...charged, free, thisMonth, others]) await waitUntil(booked(e.requestId), 10_000, 'booked');

    const before = await statement(tenant, month);
    expect(before.usage).toEqual([
      { day: `${month}-10`, model: 'tollgate-fast', requests: 3, promptTokens: 2000, completionTokens: 1000, cachedTokens: 0, costMicros: 6000 },
    ]);
    expect(before.debitsMicros).toBe(6000);

    const cutoff = `${now.toISOString().slice(0, 7)}-01T00:00:00Z`;
    const res = await admin(`/admin/tenants/${tenant}/request-logs?before=${encodeURIComponent(cutoff)}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: 3, before: new Date(cutoff).toISOString() });

    // Only this tenant's logs before the cutoff went; the ledger did not move.
    expect(await records(tenant)).toBe(1);
    expect(await db.count('usage_records', 'request_id = $1', [thisMonth.requestId])).toBe(1);
    expect(await records(other)).toBe(1);
    const logs = (await (await admin(`/admin/tenants/${tenant}/request-logs`)).json()) as { data: { requestId: string }[] };
    expect(logs.data.map((l) => l.requestId)).toEqual([thisMonth.requestId]);
    expect(await db.entrySum(tenant)).toBe(-9000n);

    // The purged month's statement: same money, usage summarised from the ledger's debits.
    const after = await statement(tenant, month);
    expect(after).toMatchObject({ openingBalanceMicros: 0, debitsMicros: 6000, closingBalanceMicros: -6000 });
    expect(after.usage).toEqual([
      { day: `${month}-10`, model: 'tollgate-fast', requests: 2, promptTokens: 0, completionTokens: 0, cachedTokens: 0, costMicros: 6000 },
    ]);
    expect(after.usage.reduce((s, u) => s + u.costMicros, 0) + after.debits.reduce((s, d) => s + d.amountMicros, 0)).toBe(after.debitsMicros);

    // Without `before`: everything of the tenant.
    const all = await admin(`/admin/tenants/${tenant}/request-logs`, { method: 'DELETE' });
    expect(await all.json()).toEqual({ deleted: 1, before: null });
    expect(await records(tenant)).toBe(0);
  });

  it('a late redelivery of a request whose log was deleted is not charged again, nor parked', async () => {
    const tenant = randomUUID();
    const e = usageEvent(tenant);
    await publishUsage(bus, [e]);
    await waitUntil(booked(e.requestId), 10_000, 'booked');
    expect(await (await admin(`/admin/tenants/${tenant}/request-logs`, { method: 'DELETE' })).json()).toEqual({ deleted: 1, before: null });
    const parked = await db.count('parked_usage');

    await publishUsage(bus, [e], `${e.requestId}-redelivered`);
    const marker = usageEvent(tenant, { promptTokens: 0, completionTokens: 0 });
    await publishUsage(bus, [marker]);
    await waitUntil(booked(marker.requestId), 10_000, 'marker booked');

    expect(await debits(e.requestId)).toBe(1);
    expect(await db.entrySum(tenant)).toBe(-3000n);
    expect(await db.cachedBalance(tenant)).toBe(-3000n);
    expect(await db.count('parked_usage')).toBe(parked);
    expect(await db.count('usage_records', 'request_id = $1', [e.requestId])).toBe(0);
  });

  it('the ledger stays append-only and request logs cannot be rewritten', async () => {
    const tenant = randomUUID();
    const e = usageEvent(tenant);
    await publishUsage(bus, [e]);
    await waitUntil(booked(e.requestId), 10_000, 'booked');
    await expect(db.query('UPDATE usage_records SET cost_micros = 0 WHERE request_id = $1', [e.requestId])).rejects.toThrow(/append-only \(UPDATE refused\)/);
    await expect(
      db.query('DELETE FROM ledger_entries WHERE transaction_id IN (SELECT id FROM ledger_transactions WHERE request_id = $1)', [e.requestId]),
    ).rejects.toThrow(/append-only \(DELETE refused\)/);
    await expect(db.query('DELETE FROM ledger_transactions WHERE request_id = $1', [e.requestId])).rejects.toThrow(/append-only \(DELETE refused\)/);
    await expect(db.query('DELETE FROM prices')).rejects.toThrow(/append-only \(DELETE refused\)/);
  });

  it('refuses a bad erasure request', async () => {
    const tenant = randomUUID();
    expect((await admin(`/admin/tenants/${tenant}/request-logs?before=yesterday`, { method: 'DELETE' })).status).toBe(400);
    expect((await admin(`/admin/tenants/not-a-uuid/request-logs`, { method: 'DELETE' })).status).toBe(400);
    expect((await admin(`/admin/tenants/${tenant}/request-logs`, { method: 'DELETE', token: null })).status).toBe(401);
    expect((await admin(`/admin/tenants/${tenant}/request-logs`, { method: 'DELETE', token: 'x'.repeat(40) })).status).toBe(401);
  });
});
